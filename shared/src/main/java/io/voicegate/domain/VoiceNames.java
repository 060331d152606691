package io.voicegate.domain;

import java.math.BigInteger;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Voice names are a per-account matter. Kling wants {@code voice_name} unique within one Kling account ([G-VOICE],
 * Kling API notes §2 "Create: request fields"; Kling's own page is silent, so the rule is assumed), and every tenant
 * of the gateway shares that account. So a client's name is only compared inside its account ({@link #claimKey}),
 * and Kling gets a name derived from the request id ({@link #klingName}), never the client's.
 */
public final class VoiceNames {

    /** Kling's limit on {@code voice_name} (Kling API notes §2: "at most 20 characters"). */
    public static final int KLING_MAX = 20;
    private static final String BASE32HEX = "0123456789abcdefghijklmnopqrstuv";

    private VoiceNames() {
    }

    /**
     * The form two names of one account are compared in: Unicode NFC, nothing else (case counts, so "Ada" and "ada"
     * are two names).
     */
    public static String claimKey(String voiceName) {
        return Normalizer.normalize(voiceName, Normalizer.Form.NFC);
    }

    /**
     * The name Kling is given for a request: 20 characters of base32hex ({@code 0-9a-v}) carrying 100 of the request
     * id's 122 information bits: its 48-bit millisecond timestamp, then its first 52 random bits. It is the same on
     * every attempt for one request, sorts as the request ids do, and two requests get the same name only when they
     * were created in the same millisecond and drew the same 52 random bits (a chance of 2^-52 per such pair).
     *
     * @param requestId a UUIDv7 text as {@link RequestIds#next()} makes
     */
    public static String klingName(String requestId) {
        UUID id = UUID.fromString(requestId);
        long high = id.getMostSignificantBits();
        long timestamp = high >>> 16;
        long randA = high & 0xfffL;
        long randB = (id.getLeastSignificantBits() & 0x3fffffffffffffffL) >>> 22;
        BigInteger bits = BigInteger.valueOf(timestamp).shiftLeft(52)
                .or(BigInteger.valueOf(randA).shiftLeft(40)).or(BigInteger.valueOf(randB));
        StringBuilder name = new StringBuilder(KLING_MAX);
        for (int i = KLING_MAX - 1; i >= 0; i--) {
            name.append(BASE32HEX.charAt(bits.shiftRight(i * 5).intValue() & 31));
        }
        return name.toString().toLowerCase(Locale.ROOT);
    }

    /** The client's own voice name on a request's payload. */
    public static String clientName(Map<String, String> payload) {
        return payload.getOrDefault("voice_name", "");
    }
}

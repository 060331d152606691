package io.voicegate.local.template;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsics ({@code Ref}, {@code Fn::GetAtt}, {@code Fn::Sub}) against the local
 * resources: a table's Ref is its name, a queue's Ref its URL, {@code Arn}/{@code QueueName} its attributes.
 */
public final class Intrinsics {

    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, Object> parameters;
    private final Map<String, String> refs;
    private final Map<String, String> attributes;
    private final String region;

    /** @param attributes keyed {@code LogicalId.Attribute} */
    public Intrinsics(Map<String, Object> parameters, Map<String, String> refs, Map<String, String> attributes,
               String region) {
        this.parameters = parameters;
        this.refs = refs;
        this.attributes = attributes;
        this.region = region;
    }

    /**
     * @param value a template value: a literal, or an intrinsic in its long form ({@code {"Ref": "X"}})
     * @return the value as text ({@code ""} for null)
     * @throws IllegalArgumentException for an intrinsic other than Ref, GetAtt and Sub, or one naming what the local
     *                                  stack lacks
     */
    public String resolve(Object value) {
        if (value == null) {
            return "";
        }
        if (!(value instanceof Map<?, ?> intrinsic)) {
            return String.valueOf(value);
        }
        if (intrinsic.containsKey("Ref")) {
            return ref(String.valueOf(intrinsic.get("Ref")));
        }
        if (intrinsic.containsKey("Fn::GetAtt")) {
            Object target = intrinsic.get("Fn::GetAtt");
            String name = target instanceof List<?> parts ? parts.get(0) + "." + parts.get(1) : String.valueOf(target);
            return attribute(name);
        }
        if (intrinsic.containsKey("Fn::Sub")) {
            Matcher matcher = SUB.matcher(String.valueOf(intrinsic.get("Fn::Sub")));
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                matcher.appendReplacement(out, Matcher.quoteReplacement(name.contains(".") && !name.startsWith("AWS::")
                        ? attribute(name) : ref(name)));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        throw new IllegalArgumentException("unsupported intrinsic in template: " + intrinsic.keySet());
    }

    private String ref(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> "000000000000";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::Partition" -> "aws";
            case "AWS::StackName" -> "voicegate-local";
            default -> {
                if (parameters.containsKey(name)) {
                    Object value = parameters.get(name);
                    yield value == null ? "" : String.valueOf(value);
                }
                String ref = refs.get(name);
                if (ref == null) {
                    throw new IllegalArgumentException("template refers to " + name + ", which the local stack lacks");
                }
                yield ref;
            }
        };
    }

    private String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalArgumentException("template reads attribute " + name + ", which the local stack lacks");
        }
        return value;
    }
}

package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.item;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random checks of "Precedence in conditions" and of list index semantics in "Update expressions". */
class ExpressionPropertyTest {

    private static final Map<String, Value> ITEM = item("a", n("1"));

    /** A random boolean formula, rendered with the fewest parentheses the precedence NOT > AND > OR allows. */
    private record Formula(String text, boolean value, int level) {
        // level: 3 atom or parenthesised, 2 NOT, 1 AND, 0 OR
    }

    private static Formula random(Random r, int depth) {
        int pick = depth == 0 ? 0 : r.nextInt(5);
        switch (pick) {
            case 1: {
                Formula f = random(r, depth - 1);
                return new Formula("NOT " + wrap(f, 2), !f.value(), 2);
            }
            case 2: {
                Formula x = random(r, depth - 1);
                Formula y = random(r, depth - 1);
                return new Formula(wrap(x, 1) + " AND " + wrap(y, 2), x.value() && y.value(), 1);
            }
            case 3: {
                Formula x = random(r, depth - 1);
                Formula y = random(r, depth - 1);
                return new Formula(wrap(x, 0) + " OR " + wrap(y, 1), x.value() || y.value(), 0);
            }
            case 4: {
                Formula f = random(r, depth - 1);
                // Optional parentheses (never doubled, which DynamoDB refuses as redundant).
                return f.text().startsWith("(") && f.level() == 3 ? f : new Formula("(" + f.text() + ")", f.value(), 3);
            }
            default:
                boolean v = r.nextBoolean();
                return new Formula(v ? "a = :t" : "a = :f", v, 3);
        }
    }

    /** Parenthesises {@code f} when its operator binds looser than the place it is put in. */
    private static String wrap(Formula f, int needed) {
        return f.level() >= needed ? f.text() : "(" + f.text() + ")";
    }

    @Test
    void precedence_randomFormulasEvaluateAsTheirPrecedenceSays() {
        long seed = System.nanoTime();
        System.out.println("precedence seed: " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 500; i++) {
            Formula f = random(r, 1 + r.nextInt(5));
            if (f.text().contains("((")) {
                continue;
            }
            ExpressionContext c = ctx(":t", n("1"), ":f", n("2"));
            boolean got = Expressions.condition(f.text(), c).test(ITEM);
            assertThat(got).as("seed %d: %s", seed, f.text()).isEqualTo(f.value());
        }
    }

    @Test
    void listIndexes_removeAndSetNameOriginalPositions() {
        long seed = System.nanoTime();
        System.out.println("list index seed: " + seed);
        Random r = new Random(seed);
        for (int i = 0; i < 300; i++) {
            int size = 1 + r.nextInt(8);
            List<Value> list = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                list.add(n(Integer.toString(j)));
            }
            TreeSet<Integer> removed = new TreeSet<>();
            TreeSet<Integer> replaced = new TreeSet<>();
            TreeSet<Integer> appended = new TreeSet<>();
            for (int j = 0; j < size + 3; j++) {
                int choice = r.nextInt(4);
                if (j < size && choice == 1) {
                    removed.add(j);
                } else if (j < size && choice == 2) {
                    replaced.add(j);
                } else if (j >= size && choice == 3) {
                    appended.add(j + r.nextInt(3) * 10);
                }
            }
            if (removed.isEmpty() && replaced.isEmpty() && appended.isEmpty()) {
                continue;
            }
            List<String> sets = new ArrayList<>();
            replaced.forEach(j -> sets.add("l[" + j + "] = :x"));
            appended.forEach(j -> sets.add("l[" + j + "] = :y"));
            List<String> removes = new ArrayList<>();
            removed.forEach(j -> removes.add("l[" + j + "]"));
            String expr = (sets.isEmpty() ? "" : "SET " + String.join(", ", sets) + " ")
                    + (removes.isEmpty() ? "" : "REMOVE " + String.join(", ", removes));

            List<Value> expected = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                if (!removed.contains(j)) {
                    expected.add(replaced.contains(j) ? n("100") : list.get(j));
                }
            }
            appended.forEach(j -> expected.add(n("200")));

            Map<String, Value> after = Expressions.update(expr, ctx(":x", n("100"), ":y", n("200")))
                    .apply(item("l", new Value.L(list)));
            assertThat(after).as("seed %d: %s", seed, expr).isEqualTo(item("l", new Value.L(expected)));
        }
    }
}

package io.voicegate.ddbengine.expr;

import io.voicegate.ddbengine.value.Value;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.item;
import static io.voicegate.ddbengine.expr.Fixtures.l;
import static io.voicegate.ddbengine.expr.Fixtures.m;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static io.voicegate.ddbengine.expr.Fixtures.s;
import static io.voicegate.ddbengine.expr.Fixtures.validation;
import static org.assertj.core.api.Assertions.assertThat;

/** The rules of "Projection expressions" (developer guide). */
class ProjectionExpressionTest {

    private static final Map<String, Value> ITEM = item(
            "id", s("1"),
            "title", s("T"),
            "m", m("a", n("1"), "b", m("c", n("2"), "d", n("3"))),
            "l", l(s("x"), s("y"), m("k", s("v"), "j", s("w")), s("z")));

    private static Map<String, Value> project(String expr, Object... kv) {
        return Expressions.projection(expr, ctx(kv)).apply(ITEM);
    }

    @Test
    void topLevel_keepsOnlyListedAttributes() {
        assertThat(project("id, title")).isEqualTo(item("id", s("1"), "title", s("T")));
    }

    @Test
    void missing_pathsAreSkipped() {
        assertThat(project("id, nope, m.nope, l[9], id2.x")).isEqualTo(item("id", s("1")));
    }

    @Test
    void nested_mapPathsKeepTheirNesting() {
        assertThat(project("m.b.c, m.a")).isEqualTo(item("m", m("b", m("c", n("2")), "a", n("1"))));
    }

    @Test
    void lists_elementsKeepTheirOrderAndArePacked() {
        assertThat(project("l[3], l[1]")).isEqualTo(item("l", l(s("y"), s("z"))));
        assertThat(project("l[2].k")).isEqualTo(item("l", l(m("k", s("v")))));
    }

    @Test
    void names_areSubstituted() {
        assertThat(project("#m.#b.d", "#m", "m", "#b", "b")).isEqualTo(item("m", m("b", m("d", n("3")))));
        assertThat(Expressions.projection("#m.a, title", ctx("#m", "m")).topLevelAttributes())
                .containsExactlyInAnyOrder("m", "title");
    }

    @Test
    void overlap_ofProjectedPathsIsRefused() {
        validation(() -> project("m, m.a"), "Invalid ProjectionExpression: Two document paths overlap with each "
                + "other; must remove or rewrite one of these paths; path one: [m], path two: [m, a]");
        validation(() -> project("id, id"), "Invalid ProjectionExpression: Two document paths overlap with each "
                + "other; must remove or rewrite one of these paths; path one: [id], path two: [id]");
    }

    @Test
    void emptyItem_projectsToEmpty() {
        assertThat(Expressions.projection("a, b.c", ctx()).apply(Map.of())).isEmpty();
    }
}

package io.voicegate.ddbengine.expr;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.StringJoiner;

import static io.voicegate.ddbengine.expr.Fixtures.ctx;
import static io.voicegate.ddbengine.expr.Fixtures.l;
import static io.voicegate.ddbengine.expr.Fixtures.n;
import static io.voicegate.ddbengine.expr.Fixtures.s;
import static io.voicegate.ddbengine.expr.Fixtures.validation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Parse-time ValidationExceptions with DynamoDB's messages: syntax, names and values ("Expression attribute names",
 * "Expression attribute values"), "Reserved words in DynamoDB", function rules, limits.
 */
class ExpressionErrorsTest {

    @Test
    void syntax_errorNamesTokenAndTextFromPreviousToNextToken() {
        validation(() -> Expressions.condition("a = = :v", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
        validation(() -> Expressions.update("ADD hits : incr", ctx(":incr", n("1"))),
                "Invalid UpdateExpression: Syntax error; token: \":\", near: \"hits : incr\"");
        validation(() -> Expressions.update("INVALID SYNTAX HERE", ctx()),
                "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"");
        validation(() -> Expressions.projection("!!", ctx()),
                "Invalid ProjectionExpression: Syntax error; token: \"!\", near: \"!!\"");
    }

    @Test
    void syntax_unexpectedEndReportsEof() {
        validation(() -> Expressions.condition("a =", ctx()),
                "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
        validation(() -> Expressions.update("SET a", ctx()),
                "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"a\"");
    }

    @Test
    void syntax_parameterNameIsThePrefix() {
        validation(() -> Expressions.condition("a = = :v", ctx(), "FilterExpression"),
                "Invalid FilterExpression: Syntax error; token: \"=\", near: \"= = :v\"");
        validation(() -> Expressions.keyCondition("pk = = :v", ctx()),
                "Invalid KeyConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
    }

    @Test
    void syntax_variousMalformedConditions() {
        for (String bad : new String[]{"a", "a = :v AND", "(a = :v", "a = :v)", "a BETWEEN :v", "a IN :v",
                "a IN ()", "NOT", "a.b. = :v", "a[x] = :v", "a[] = :v", "a != :v", "= :v", "a = :v :v", "#"}) {
            assertThatCode(() -> Expressions.condition(bad, ctx(":v", n("1"))))
                    .as(bad).hasMessageStartingWith("Invalid ConditionExpression: Syntax error; token: ");
        }
    }

    @Test
    void syntax_errorsWinOverUndefinedNames() {
        validation(() -> Expressions.condition("#x = = :v", ctx()),
                "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
    }

    @Test
    void empty_expressionIsRefused() {
        validation(() -> Expressions.update("", ctx()), "Invalid UpdateExpression: The expression can not be empty;");
        validation(() -> Expressions.keyCondition("", ctx()),
                "Invalid KeyConditionExpression: The expression can not be empty;");
    }

    @Test
    void limits_expressionOver4KbIsRefused() {
        String ok = "a = :v AND " + "b".repeat(Expressions.MAX_EXPRESSION_BYTES - 11 - 5) + " = :v";
        assertThat(ok.length()).isEqualTo(Expressions.MAX_EXPRESSION_BYTES);
        assertThatCode(() -> Expressions.condition(ok, ctx(":v", n("1")))).doesNotThrowAnyException();
        validation(() -> Expressions.condition(ok + " ", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size");
    }

    @Test
    void limits_inTakesAtMost100Operands() {
        StringJoiner hundred = new StringJoiner(", ", "a IN (", ")");
        for (int i = 0; i < 100; i++) {
            hundred.add(":v");
        }
        assertThatCode(() -> Expressions.condition(hundred.toString(), ctx(":v", n("1"))))
                .doesNotThrowAnyException();
        String tooMany = hundred.toString().replace(")", ", :v)");
        validation(() -> Expressions.condition(tooMany, ctx(":v", n("1"))),
                "Invalid ConditionExpression: The IN operator is provided with too many operands; "
                        + "number of operands: 101");
    }

    @Test
    void names_undefinedNameIsRefused() {
        validation(() -> Expressions.condition("#x = :v", ctx(":v", n("1"))),
                "Invalid ConditionExpression: An expression attribute name used in the document path is not "
                        + "defined; attribute name: #x");
        validation(() -> Expressions.update("SET a.#y = :v", ctx(":v", n("1"))),
                "Invalid UpdateExpression: An expression attribute name used in the document path is not "
                        + "defined; attribute name: #y");
        validation(() -> Expressions.projection("a, #z", ctx()),
                "Invalid ProjectionExpression: An expression attribute name used in the document path is not "
                        + "defined; attribute name: #z");
    }

    @Test
    void values_undefinedValueIsRefused() {
        validation(() -> Expressions.condition("a = :v", ctx()),
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :v");
        validation(() -> Expressions.update("SET a = :v", ctx()),
                "Invalid UpdateExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :v");
    }

    @Test
    void context_unusedNamesThenUnusedValuesAreReported() {
        ExpressionContext c = ctx("#a", "a", "#b", "b", ":v", n("1"), ":w", n("2"));
        Expressions.condition("#a = :v", c);
        validation(c::checkAllUsed, "Value provided in ExpressionAttributeNames unused in expressions: keys: {#b}");
        ExpressionContext c2 = ctx("#a", "a", ":v", n("1"), ":w", n("2"));
        Expressions.condition("#a = :v", c2);
        validation(c2::checkAllUsed, "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
    }

    @Test
    void context_usageIsSharedAcrossTheRequestsExpressions() {
        ExpressionContext c = ctx("#a", "a", "#p", "p", ":v", n("1"), ":w", n("2"));
        Expressions.update("SET #a = :v", c);
        Expressions.condition("attribute_exists(#a) AND b <> :w", c);
        Expressions.projection("#p", c);
        assertThatCode(c::checkAllUsed).doesNotThrowAnyException();
    }

    @Test
    void context_malformedKeysAreRefused() {
        validation(() -> new ExpressionContext(Map.of("a", "b"), null),
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"");
        validation(() -> new ExpressionContext(null, Map.of("v", n("1"))),
                "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\"");
        assertThatCode(() -> new ExpressionContext(null, null).checkAllUsed()).doesNotThrowAnyException();
    }

    @Test
    void reserved_literalReservedWordIsRefusedAnyCase() {
        validation(() -> Expressions.condition("status = :v", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
        validation(() -> Expressions.update("SET a.Name = :v", ctx(":v", n("1"))),
                "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: Name");
        validation(() -> Expressions.projection("id, size", ctx()),
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: size");
    }

    @Test
    void reserved_substitutedNameMayBeAReservedWord() {
        assertThatCode(() -> Expressions.condition("#s = :v", ctx("#s", "status", ":v", n("1"))))
                .doesNotThrowAnyException();
    }

    @Test
    void reserved_listHasTheDocumented573Words() {
        assertThat(ReservedWords.count()).isEqualTo(573);
        for (String w : new String[]{"ABORT", "zone", "Flattern", "inntER", "loged", "TTL", "uuid", "Data"}) {
            assertThat(ReservedWords.isReserved(w)).as(w).isTrue();
        }
        for (String w : new String[]{"id", "price", "title", "attribute_exists", "begins_with", "pk", "sk"}) {
            assertThat(ReservedWords.isReserved(w)).as(w).isFalse();
        }
    }

    @Test
    void functions_unknownFunctionIsRefused() {
        validation(() -> Expressions.condition("foo(a)", ctx()),
                "Invalid ConditionExpression: Invalid function name; function: foo");
        validation(() -> Expressions.condition("ATTRIBUTE_EXISTS(a)", ctx()),
                "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS");
    }

    @Test
    void functions_wrongNumberOfOperands() {
        validation(() -> Expressions.condition("attribute_exists(a, b)", ctx()),
                "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                        + "operator or function: attribute_exists, number of operands: 2");
        validation(() -> Expressions.condition("size(a, b) > :v", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Incorrect number of operands for operator or function; "
                        + "operator or function: size, number of operands: 2");
    }

    @Test
    void functions_booleanFunctionsCannotBeOperandsAndSizeCannotStandAlone() {
        validation(() -> Expressions.condition("begins_with(a, :v) = :v", ctx(":v", s("x"))),
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
                        + "function: begins_with");
        validation(() -> Expressions.condition("size(a)", ctx()),
                "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; "
                        + "function: size");
    }

    @Test
    void functions_operandTypesCheckedOnValues() {
        validation(() -> Expressions.condition("begins_with(a, :v)", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                        + "operator or function: begins_with, operand type: N");
        validation(() -> Expressions.condition("attribute_type(a, :v)", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                        + "operator or function: attribute_type, operand type: N");
        validation(() -> Expressions.condition("attribute_type(a, :v)", ctx(":v", s("STRING"))),
                "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, "
                        + "valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        validation(() -> Expressions.condition("size(:v) > :v", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; "
                        + "operator or function: size, operand type: N");
        validation(() -> Expressions.condition("attribute_exists(:v)", ctx(":v", n("1"))),
                "Invalid ConditionExpression: Operator or function requires a document path; "
                        + "operator or function: attribute_exists");
    }

    @Test
    void operands_firstOperandMustDifferFromTheOthers() {
        validation(() -> Expressions.condition("a.b = a.b", ctx()),
                "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for "
                        + "this operator or function; operator: =, first operand: [a, b]");
    }

    @Test
    void between_constantBoundsMustHaveOneTypeAndBeOrdered() {
        validation(() -> Expressions.condition("a BETWEEN :x AND :y", ctx(":x", n("1"), ":y", s("a"))),
                "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper "
                        + "bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: "
                        + "AttributeValue: {S:a}");
        validation(() -> Expressions.condition("a BETWEEN :x AND :y", ctx(":x", n("5"), ":y", n("1"))),
                "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or "
                        + "equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
                        + "AttributeValue: {N:1}");
    }

    @Test
    void parentheses_redundantParenthesesAreRefused() {
        validation(() -> Expressions.condition("((a = :v))", ctx(":v", n("1"))),
                "Invalid ConditionExpression: The expression has redundant parentheses;");
        assertThatCode(() -> Expressions.condition("(a = :v) AND ((b = :v) OR c = :v)", ctx(":v", n("1"))))
                .doesNotThrowAnyException();
    }

    @Test
    void projection_valuesAreNoOperands() {
        assertThatCode(() -> Expressions.projection("a, :v", ctx(":v", l())))
                .hasMessageStartingWith("Invalid ProjectionExpression: Syntax error; token: \":v\"");
    }
}

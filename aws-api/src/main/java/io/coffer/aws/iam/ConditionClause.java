package io.coffer.aws.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * One condition key under one operator, e.g. {@code "StringEquals": {"kms:ViaService": ["a", "b"]}}. Several policy
 * values are alternatives (any may match; for a negated operator none may); several clauses of a statement must all
 * hold.
 *
 * @param qualifier how a key with several values in the request is compared ({@code ForAnyValue:},
 *                  {@code ForAllValues:})
 * @param ifExists  the {@code …IfExists} suffix: an absent key makes the clause hold
 */
public record ConditionClause(ConditionOperator operator, SetQualifier qualifier, boolean ifExists, String key,
        List<String> values) {

    public enum SetQualifier {
        NONE(""), FOR_ANY_VALUE("ForAnyValue:"), FOR_ALL_VALUES("ForAllValues:");

        final String prefix;

        SetQualifier(String prefix) {
            this.prefix = prefix;
        }
    }

    public ConditionClause {
        values = List.copyOf(values);
    }

    public boolean holds(AuthorizationRequest request) {
        List<String> present = request.values(key);
        boolean absent = present == null || present.isEmpty();
        if (operator == ConditionOperator.NULL) {
            // "Null": {"key": "true"} holds when the key is absent, "false" when it is present
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        if (absent) {
            // as AWS documents: a missing key matches nothing, so negated operators and ForAllValues hold
            return ifExists || qualifier == SetQualifier.FOR_ALL_VALUES
                    || qualifier == SetQualifier.NONE && operator.negated();
        }
        List<String> policyValues = expanded(request);
        return switch (qualifier) {
            case FOR_ALL_VALUES -> present.stream().allMatch(v -> holdsFor(policyValues, v));
            case FOR_ANY_VALUE -> present.stream().anyMatch(v -> holdsFor(policyValues, v));
            case NONE -> operator.negated() ? present.stream().allMatch(v -> holdsFor(policyValues, v))
                    : present.stream().anyMatch(v -> holdsFor(policyValues, v));
        };
    }

    private boolean holdsFor(List<String> policyValues, String requestValue) {
        boolean matched = policyValues.stream().anyMatch(p -> operator.positiveMatch(p, requestValue));
        return operator.negated() != matched;
    }

    /** Policy variables expanded; a value naming a variable the request lacks can match nothing, so it is dropped. */
    private List<String> expanded(AuthorizationRequest request) {
        if (!operator.expandsVariables()) {
            return values;
        }
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            String expanded = PolicyVariables.expand(value, request);
            if (expanded != null) {
                out.add(expanded);
            }
        }
        return out;
    }
}

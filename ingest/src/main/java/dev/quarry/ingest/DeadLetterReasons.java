package dev.quarry.ingest;

import java.util.List;

/**
 * Sorts a dead letter's reason into one of a fixed set of codes, for metrics: a reason is precise
 * free text that quotes the record ({@code request.logit_bias: key 'abc' is not a token id}), so a
 * label made from it would grow with every hostile record; the code ({@code invalid_value}) does
 * not. The codes follow the parser's wording; a reason they do not describe is {@link #OTHER}.
 * Stateless; thread-safe.
 */
public final class DeadLetterReasons {
    public static final String EMPTY = "empty";
    public static final String TOO_LARGE = "too_large";
    public static final String INVALID_UTF8 = "invalid_utf8";
    public static final String NOT_JSON = "not_json";
    public static final String NOT_OBJECT = "not_object";
    public static final String TOO_DEEP = "too_deep";
    public static final String OUT_OF_RANGE = "out_of_range";
    public static final String DUPLICATE_FIELD = "duplicate_field";
    public static final String MISSING_FIELD = "missing_field";
    public static final String WRONG_TYPE = "wrong_type";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String UNREADABLE = "unreadable";
    public static final String OTHER = "other";

    /** Every code {@link #code} returns, in a fixed order. */
    public static final List<String> CODES = List.of(EMPTY, TOO_LARGE, INVALID_UTF8, NOT_JSON, NOT_OBJECT, TOO_DEEP,
            OUT_OF_RANGE, DUPLICATE_FIELD, MISSING_FIELD, WRONG_TYPE, INVALID_VALUE, UNREADABLE, OTHER);

    private DeadLetterReasons() {}

    /** The code of a reason {@link EventParser} gave; {@link #OTHER} for null or unknown wording. */
    public static String code(String reason) {
        if (reason == null || reason.isEmpty()) {
            return OTHER;
        }
        if (reason.equals("empty record")) {
            return EMPTY;
        }
        if (reason.startsWith("record too large")) {
            return TOO_LARGE;
        }
        if (reason.equals("invalid UTF-8")) {
            return INVALID_UTF8;
        }
        if (reason.startsWith("not JSON") || reason.startsWith("truncated JSON")) {
            return NOT_JSON;
        }
        if (reason.equals("not a JSON object")) {
            return NOT_OBJECT;
        }
        if (reason.startsWith("too deeply nested")) {
            return TOO_DEEP;
        }
        if (reason.startsWith("unreadable")) {
            return UNREADABLE;
        }
        if (reason.startsWith("missing ")) {
            return MISSING_FIELD;
        }
        if (reason.startsWith("number too long") || reason.equals("string too long")) {
            return OUT_OF_RANGE;
        }
        // The rest are "path: problem"; the path may quote attacker text, so only the problem is read.
        int colon = reason.lastIndexOf(": ");
        String problem = colon < 0 ? reason : reason.substring(colon + 2);
        if (problem.startsWith("duplicate field")) {
            return DUPLICATE_FIELD;
        }
        if (problem.startsWith("expected ")) {
            return WRONG_TYPE;
        }
        if (problem.equals("number out of range") || problem.equals("too large for a double")) {
            return OUT_OF_RANGE;
        }
        return colon < 0 && !reason.startsWith("field name ") ? OTHER : INVALID_VALUE;
    }
}

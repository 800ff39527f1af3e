package dev.quarry.ingest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Wording shared by the parser's reasons. Input text quoted in a reason is shortened and has its
 * control and bidi-format characters escaped, so that a reason is always one short, inert line
 * however hostile the record. Stateless; thread-safe.
 */
final class Reasons {
    private static final int MAX_QUOTED_CHARS = 40;

    private Reasons() {}

    /** {@code 'text'}, shortened to 40 chars with a trailing ellipsis, and escaped. */
    static String quote(String text) {
        return "'" + inert(text, MAX_QUOTED_CHARS) + "'";
    }

    /**
     * {@code text} shortened to {@code maxChars} (plus an ellipsis when cut) with ISO control,
     * format (bidi overrides, zero-width joiners) and unpaired surrogate chars as {@code \\uXXXX}.
     */
    static String inert(String text, int maxChars) {
        String s = Utf8.truncate(text, maxChars);
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return text.length() > maxChars ? sb.append('…').toString() : sb.toString();
    }

    /** The JSON type of a node, as named in reasons: object, array, string, number, boolean, null. */
    static String typeName(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT:
            case POJO:
                return "object";
            case ARRAY:
                return "array";
            case STRING:
            case BINARY:
                return "string";
            case NUMBER:
                return "number";
            case BOOLEAN:
                return "boolean";
            default:
                return "null";
        }
    }

    /** {@code "path: expected X, got Y"}. */
    static InvalidRecord typeError(String path, String expected, JsonNode actual) {
        return new InvalidRecord(path + ": expected " + expected + ", got " + typeName(actual));
    }
}

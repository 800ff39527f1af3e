package dev.quarry.fingerprint;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fixed part of a prompt: normalised text with the spans that templates typically vary
 * masked, so that {@code "Solve 12 + 7 = ?"} and {@code "Solve 3 + 99 = ?"} share one skeleton.
 * Masked: fenced code blocks ({@code <code>}), URLs ({@code <url>}), e-mail addresses
 * ({@code <email>}), quoted spans up to 200 characters ({@code <q>}), long hex or id-like tokens
 * ({@code <id>}) and numbers ({@code <num>}). Free text filled into a template is not masked here;
 * {@link MinHasher} similarity takes care of that. Stateless and thread-safe.
 */
public final class TemplateSkeleton {
    private static final Pattern CODE = Pattern.compile("```.*?(```|$)", Pattern.DOTALL);
    private static final Pattern URL = Pattern.compile("\\b(?:https?|ftp)://\\S+");
    private static final Pattern EMAIL = Pattern.compile("\\b[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\\b");
    /** Quoted spans; masked by {@link #maskQuoted}, which finds exactly its matches (tested). */
    static final Pattern QUOTED = Pattern.compile("\"[^\"\\n]{1,200}\"|“[^”\\n]{1,200}”|'[^'\\n]{2,200}'|`[^`\\n]{1,200}`");
    static final Pattern ID = Pattern.compile("\\b(?=[0-9a-f_-]*\\d)[0-9a-f_-]{12,}\\b");
    /** Numbers; masked by {@link #maskNumbers}, which finds exactly its matches (tested). */
    static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(?:\\.\\d+)?(?:e[-+]?\\d+)?%?");
    private static final int ID_MIN_CHARS = 12;
    /** Texts longer than this are cut before masking: the head of a prompt carries its template. */
    static final int MAX_CHARS = 4096;

    private TemplateSkeleton() {}

    /** The skeleton of a prompt (normalised first). */
    public static String of(String text) {
        return ofNormalised(TextNormaliser.normalise(text));
    }

    /**
     * The skeleton of text that is already normalised (see {@link TextNormaliser}), which saves
     * normalising it twice when the caller holds both.
     */
    public static String ofNormalised(String normalised) {
        String s = normalised;
        if (s.length() > MAX_CHARS) {
            s = s.substring(0, MAX_CHARS);
        }
        // Each pattern needs a marker character; looking for it first skips most regex scans
        // of ordinary prose, which has no code fence, URL or e-mail, and often no digit.
        if (s.contains("```")) {
            s = replace(CODE, s, "<code>");
        }
        if (s.contains("://")) {
            s = replace(URL, s, "<url>");
        }
        if (s.indexOf('@') >= 0) {
            s = replace(EMAIL, s, "<email>");
        }
        if (hasQuote(s)) {
            s = maskQuoted(s);
        }
        if (hasDigit(s)) {
            if (hasIdRun(s)) {
                s = replace(ID, s, "<id>");
            }
            s = maskNumbers(s);
        }
        return s;
    }

    private static boolean hasQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'' || c == '`' || c == '\u201c') {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code s} has a run of {@value #ID_MIN_CHARS} or more characters of {@link #ID}'s
     * class ({@code [0-9a-f_-]}) holding a digit: what every match of it needs. The pattern's
     * look-ahead and word boundaries, tried at each position, cost more than this one pass, and
     * prose with numbers seldom has such a run.
     */
    static boolean hasIdRun(String s) {
        int run = 0;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean isDigit = c >= '0' && c <= '9';
            if (isDigit || c >= 'a' && c <= 'f' || c == '_' || c == '-') {
                run++;
                digit |= isDigit;
                if (run >= ID_MIN_CHARS && digit) {
                    return true;
                }
            } else {
                run = 0;
                digit = false;
            }
        }
        return false;
    }

    /**
     * {@code NUMBER.matcher(s).replaceAll("<num>")} in one pass without the regex engine: most
     * prompts hold a digit, so this ran on most events. Every part after the first digit is
     * optional, so the leftmost match is the greedy one and never backtracks into the digits.
     */
    static String maskNumbers(String s) {
        StringBuilder out = null;
        int last = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            int j = i;
            if ((c == '-' || c == '+') && j + 1 < n && digit(s.charAt(j + 1))) {
                j++;
            } else if (!digit(c)) {
                i++;
                continue;
            }
            j++;
            while (j < n && (digit(s.charAt(j)) || s.charAt(j) == ',')) {
                j++;
            }
            if (j + 1 < n && s.charAt(j) == '.' && digit(s.charAt(j + 1))) {
                j += 2;
                while (j < n && digit(s.charAt(j))) {
                    j++;
                }
            }
            if (j < n && s.charAt(j) == 'e') {
                int k = j + 1;
                if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
                    k++;
                }
                if (k < n && digit(s.charAt(k))) {
                    while (k < n && digit(s.charAt(k))) {
                        k++;
                    }
                    j = k;
                }
            }
            if (j < n && s.charAt(j) == '%') {
                j++;
            }
            if (out == null) {
                out = new StringBuilder(n + 16);
            }
            out.append(s, last, i).append("<num>");
            last = j;
            i = j;
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    /**
     * {@code QUOTED.matcher(s).replaceAll("<q>")} in one pass without the regex engine. A quote
     * opens a span that ends at the first closing quote or line break after it; its content
     * excludes both, so the bounded repetition never backtracks: the span matches when that first
     * stop is the closing quote, with 1 to 200 characters between (2 to 200 for {@code '}).
     */
    static String maskQuoted(String s) {
        StringBuilder out = null;
        int last = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char open = s.charAt(i);
            char close;
            int least = 1;
            if (open == '"' || open == '`') {
                close = open;
            } else if (open == '\u201c') {
                close = '\u201d';
            } else if (open == '\'') {
                close = open;
                least = 2;
            } else {
                i++;
                continue;
            }
            int limit = Math.min(n, i + 1 + 200);
            int j = i + 1;
            while (j < limit && s.charAt(j) != close && s.charAt(j) != '\n') {
                j++;
            }
            int content = j - i - 1;
            if (j < n && s.charAt(j) == close && content >= least) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, last, i).append("<q>");
                last = j + 1;
                i = j + 1;
            } else {
                i++;
            }
        }
        return out == null ? s : out.append(s, last, n).toString();
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String replace(Pattern p, String s, String mask) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(mask) : s;
    }
}

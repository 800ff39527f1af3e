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
    private static final Pattern QUOTED = Pattern.compile("\"[^\"\\n]{1,200}\"|“[^”\\n]{1,200}”|'[^'\\n]{2,200}'|`[^`\\n]{1,200}`");
    static final Pattern ID = Pattern.compile("\\b(?=[0-9a-f_-]*\\d)[0-9a-f_-]{12,}\\b");
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,]*(?:\\.\\d+)?(?:e[-+]?\\d+)?%?");
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
            s = replace(QUOTED, s, "<q>");
        }
        if (hasDigit(s)) {
            if (hasIdRun(s)) {
                s = replace(ID, s, "<id>");
            }
            s = replace(NUMBER, s, "<num>");
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

    private static String replace(Pattern p, String s, String mask) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(mask) : s;
    }
}

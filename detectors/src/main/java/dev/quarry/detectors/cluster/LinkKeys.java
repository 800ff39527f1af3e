package dev.quarry.detectors.cluster;

import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.TextClip;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shared attributes that link one client (API key) to another, as link-key strings. Hydra
 * clusters (Anthropic 2026, "Detecting and preventing distillation attacks"; Google GTIG 2026 AI
 * threat tracker) share infrastructure and prompt templates across thousands of accounts, but no
 * single weak attribute is evidence of common ownership: a corporate NAT or a cloud /24 is shared
 * by strangers, mobile carriers put chat users behind one prefix, and popular SDK user agents and
 * TLS stacks are everyone's. So:
 * <ul>
 *   <li><b>strong</b> keys link on their own: {@code pay:<fingerprint>} (one payment instrument is
 *       one payer) and {@code org:<org_id>} (one tenant's keys are legitimately one owner; linking
 *       them only pools their traffic, it never alerts by itself);
 *   <li><b>weak</b> attributes link only in pairs, as one combined key: {@code net-tls:<prefix>|<tls>}
 *       (same /24 and same TLS stack), {@code net-tpl:<prefix>|<mark>} and {@code tls-tpl:<tls>|<mark>}
 *       (same network or stack and the same prompt template mark). The user agent is never a key:
 *       it adds nothing the TLS fingerprint does not, and is trivially copied.
 * </ul>
 * Prefixes are the IPv4 /24 or the IPv6 /48.
 *
 * <p>A weak key is only as good as the rarity of its parts: a popular HTTP library's TLS stack and
 * a common prompt skeleton are carried by many unrelated clients, so agreeing on both is weak
 * evidence. Each client therefore also announces the attributes its weak keys are made of
 * ({@link #attributesOf}: {@code tls:}, {@code net:}, {@code tpl:}) and itself ({@link #POPULATION}),
 * and the cluster side counts them ({@link LinkEvidence}). Stateless and thread-safe.
 */
public final class LinkKeys {
    public static final String PAYMENT = "pay:";
    public static final String ORG = "org:";
    public static final String NET_TLS = "net-tls:";
    public static final String NET_TEMPLATE = "net-tpl:";
    public static final String TLS_TEMPLATE = "tls-tpl:";
    /** Attribute: a TLS fingerprint. */
    public static final String TLS = "tls:";
    /** Attribute: a network prefix. */
    public static final String NET = "net:";
    /** Attribute: a template mark. */
    public static final String TEMPLATE = "tpl:";
    /** The attribute every client announces once: the population the others are counted against. */
    public static final String POPULATION = "client";
    /** Characters of an attribute kept in a key (fingerprints are short; this bounds hostile input). */
    private static final int MAX_PART = 96;

    private LinkKeys() {}

    /** The keys an event's infrastructure gives, strong ones first. */
    public static List<String> ofEvent(InferenceEvent e) {
        List<String> keys = new ArrayList<>(3);
        if (present(e.paymentFingerprint())) {
            keys.add(PAYMENT + TextClip.prefix(e.paymentFingerprint(), MAX_PART));
        }
        if (present(e.orgId())) {
            keys.add(ORG + TextClip.prefix(e.orgId(), MAX_PART));
        }
        String net = prefix(e.ip());
        if (net != null && present(e.tlsFingerprint())) {
            keys.add(NET_TLS + net + "|" + TextClip.prefix(e.tlsFingerprint(), MAX_PART));
        }
        return keys;
    }

    /** The keys a client's established template mark gives together with this event's infrastructure. */
    public static List<String> ofTemplate(InferenceEvent e, long mark) {
        List<String> keys = new ArrayList<>(2);
        String m = Long.toHexString(mark);
        String net = prefix(e.ip());
        if (net != null) {
            keys.add(NET_TEMPLATE + net + "|" + m);
        }
        if (present(e.tlsFingerprint())) {
            keys.add(TLS_TEMPLATE + TextClip.prefix(e.tlsFingerprint(), MAX_PART) + "|" + m);
        }
        return keys;
    }

    /**
     * The attributes the event and the client's template marks give, for the cluster side's counts:
     * {@link #POPULATION}, then {@code tls:}, {@code net:} and one {@code tpl:} per mark.
     */
    public static List<String> attributesOf(InferenceEvent e, long[] marks) {
        List<String> out = new ArrayList<>(3 + marks.length);
        out.add(POPULATION);
        if (present(e.tlsFingerprint())) {
            out.add(TLS + TextClip.prefix(e.tlsFingerprint(), MAX_PART));
        }
        String net = prefix(e.ip());
        if (net != null) {
            out.add(NET + net);
        }
        for (long m : marks) {
            out.add(TEMPLATE + Long.toHexString(m));
        }
        return out;
    }

    /**
     * The attributes a weak combined key is made of ({@code net-tls:p|t} gives {@code net:p} and
     * {@code tls:t}), or an empty list for a strong or unknown key. A TLS fingerprint may hold a
     * {@code |}; prefixes and marks never do, so the split is at the first or last one.
     */
    public static List<String> components(String key) {
        if (key.startsWith(NET_TLS)) {
            return split(key.substring(NET_TLS.length()), NET, TLS, true);
        }
        if (key.startsWith(NET_TEMPLATE)) {
            return split(key.substring(NET_TEMPLATE.length()), NET, TEMPLATE, true);
        }
        if (key.startsWith(TLS_TEMPLATE)) {
            return split(key.substring(TLS_TEMPLATE.length()), TLS, TEMPLATE, false);
        }
        return List.of();
    }

    private static List<String> split(String rest, String first, String second, boolean atFirstBar) {
        int bar = atFirstBar ? rest.indexOf('|') : rest.lastIndexOf('|');
        if (bar < 0) {
            return List.of();
        }
        return List.of(first + rest.substring(0, bar), second + rest.substring(bar + 1));
    }

    /** True for keys that link on their own. */
    public static boolean isStrong(String key) {
        return key.startsWith(PAYMENT) || key.startsWith(ORG);
    }

    /**
     * The /24 of an IPv4 address ({@code 10.1.2}) or the /48 of an IPv6 one ({@code 2001:db8:7}),
     * or null when the address does not parse. IPv4-mapped IPv6 addresses count as IPv4.
     */
    public static String prefix(String ip) {
        // One event asks for its address's prefix for each kind of key it makes: the last answer
        // is kept per thread.
        String[] last = LAST_PREFIX.get();
        if (ip != null && ip.equals(last[0])) {
            return last[1];
        }
        String prefix = parsePrefix(ip);
        last[0] = ip;
        last[1] = prefix;
        return prefix;
    }

    /** The last address {@link #prefix} was asked for on this thread, and its answer. */
    private static final ThreadLocal<String[]> LAST_PREFIX = ThreadLocal.withInitial(() -> new String[2]);

    private static String parsePrefix(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 64) {
            return null;
        }
        String s = ip.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("::ffff:") && s.indexOf('.') > 0) {
            s = s.substring(7);
        }
        if (s.indexOf(':') < 0) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                    return null;
                }
            }
            return Integer.parseInt(parts[0]) + "." + Integer.parseInt(parts[1]) + "." + Integer.parseInt(parts[2]);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        int[] groups = new int[3];
        String[] halves = s.split("::", -1);
        if (halves.length > 2) {
            return null;
        }
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
        String[] tail = halves.length == 2 && !halves[1].isEmpty() ? halves[1].split(":", -1) : new String[0];
        int total = halves.length == 2 ? 8 : head.length;
        if (total != 8 || head.length + tail.length > 8) {
            return null;
        }
        for (int g = 0; g < 3; g++) {
            String part = g < head.length ? head[g]
                    : (halves.length == 2 && g >= 8 - tail.length ? tail[g - (8 - tail.length)] : "0");
            if (part.isEmpty() || part.length() > 4 || !part.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return null;
            }
            groups[g] = Integer.parseInt(part, 16);
        }
        return Integer.toHexString(groups[0]) + ":" + Integer.toHexString(groups[1]) + ":"
                + Integer.toHexString(groups[2]);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

}

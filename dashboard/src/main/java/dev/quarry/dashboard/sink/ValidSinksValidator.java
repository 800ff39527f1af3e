package dev.quarry.dashboard.sink;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@link ValidSinks}. Messages never quote a URL or a secret (a Slack URL is a secret), and
 * quote a name only after its pattern was checked. Stateless; Bean Validation creates one per
 * annotation.
 */
public final class ValidSinksValidator implements ConstraintValidator<ValidSinks, SinksSettings> {
    /** What {@code ${VAR}} substitution leaves when the variable is unset. */
    private static final Pattern PLACEHOLDER = Pattern.compile(".*\\$\\{[^}]*}.*", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Override
    public boolean isValid(SinksSettings sinks, ConstraintValidatorContext context) {
        if (sinks == null || sinks.destinations() == null) {
            return true; // @NotNull reports it
        }
        context.disableDefaultConstraintViolation();
        Violations v = new Violations(context);
        Set<String> names = new HashSet<>();
        List<SinkSettings> list = sinks.destinations();
        for (int i = 0; i < list.size(); i++) {
            SinkSettings s = list.get(i);
            if (s == null || s.type() == null || s.name() == null) {
                continue; // @NotNull reports it
            }
            if (NAME.matcher(s.name()).matches() && !names.add(s.name())) {
                v.add(i, "name", "is " + s.name() + ", the name of an earlier sink: names must be unique");
            }
            switch (s.type()) {
                case WEBHOOK -> {
                    requireUrl(v, i, s);
                    requireSecret(v, i, s, "the HMAC-SHA256 key receivers check the signature with");
                }
                case SLACK -> requireUrl(v, i, s);
                case PAGERDUTY -> {
                    checkUrl(v, i, s.endpoint());
                    requireSecret(v, i, s, "the routing key of the PagerDuty integration");
                }
                case OCSF -> {
                    if (blank(s.topic()) && blank(s.file())) {
                        v.add(i, "topic", "and file are both empty: an ocsf sink needs a Kafka topic, a JSONL file or both");
                    }
                }
            }
            if (!s.type().http() && !blank(s.url())) {
                v.add(i, "url", "is set, but an ocsf sink writes to topic or file, not to a URL");
            }
            if (s.baseDelay() != null && s.maxDelay() != null && s.maxDelay().compareTo(s.baseDelay()) < 0) {
                v.add(i, "maxDelay", "must not be below baseDelay (" + s.baseDelay() + ")");
            }
        }
        return v.none();
    }

    private static void requireUrl(Violations v, int i, SinkSettings s) {
        if (blank(s.url())) {
            v.add(i, "url", "is empty: a " + s.type().wireName() + " sink needs the URL it posts to");
        } else {
            checkUrl(v, i, s.url());
        }
    }

    private static void requireSecret(Violations v, int i, SinkSettings s, String what) {
        if (blank(s.secret())) {
            v.add(i, "secret", "is empty: a " + s.type().wireName() + " sink needs " + what);
        } else if (PLACEHOLDER.matcher(s.secret()).matches()) {
            v.add(i, "secret", "is a ${VAR} placeholder: its environment variable is not set");
        }
    }

    /** https anywhere, http to a loopback host only. */
    static void checkUrl(Violations v, int i, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            v.add(i, "url", "is not a URL");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            v.add(i, "url", "must be an absolute https URL with a host");
        } else if (scheme.equals("http") && !loopback(uri.getHost())) {
            v.add(i, "url", "must be https (http only to a loopback host)");
        }
    }

    /** localhost, 127.0.0.0/8 and ::1, without a DNS lookup. */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: no lookup while a configuration is checked
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Collects violations on keys of {@code destinations[i]}. */
    static final class Violations {
        private final ConstraintValidatorContext context;
        private boolean any;

        Violations(ConstraintValidatorContext context) {
            this.context = context;
        }

        void add(int index, String key, String message) {
            any = true;
            // Escaped: a message template gives '{', '}', '$' and '\' a meaning.
            String literal = message.replaceAll("([\\\\{}$])", "\\\\$1");
            context.buildConstraintViolationWithTemplate(literal)
                    .addPropertyNode("destinations")
                    .addPropertyNode(key).inIterable().atIndex(index)
                    .addConstraintViolation();
        }

        boolean none() {
            return !any;
        }
    }
}

package dev.quarry.corpora.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Long, varied customer-support tickets (greeting, problem, what was tried, impact, sign-off,
 * sometimes a pasted log line) and the one-sentence summary a model would write for each.
 * Written for Quarry. Stateless and thread-safe.
 */
public final class SupportTickets {

    /** A ticket body and its one-sentence summary. */
    public record Ticket(String body, String summary) {}

    private static final String[] PRODUCTS = {"the mobile app", "the billing portal", "the desktop client",
        "the REST API", "the Outlook add-in", "single sign-on", "the reporting dashboard", "CSV export",
        "the Android app", "webhook delivery", "the admin console", "calendar sync", "the checkout page",
        "the iOS widget", "scheduled reports", "the file uploader"};
    private static final String[] PROBLEMS = {"fails to load", "times out", "shows a blank page",
        "logs users out every few minutes", "charges customers twice", "produces empty files",
        "drops attachments", "returns a 502 error", "crashes on start-up", "sends duplicate notifications",
        "shows the wrong time zone", "rejects valid passwords", "is extremely slow", "loses unsaved changes"};
    private static final String[] WHEN = {"since yesterday's update", "since Monday", "for about a week",
        "intermittently since the migration", "every morning around 9am", "since we added new users",
        "after the maintenance window", "since we switched browsers", "for the last three days"};
    private static final String[] STEPS = {"cleared the browser cache", "reinstalled the app",
        "tried a different browser", "reset the password", "checked your status page",
        "restarted the router", "asked our IT team to whitelist your domain", "disabled the VPN",
        "updated to the latest version", "tried in an incognito window", "rebooted the machine",
        "logged out and back in", "tested on a colleague's laptop", "rolled back to the previous version",
        "regenerated the API key"};
    private static final String[] IMPACTS = {"About {n} people on our team cannot work.",
        "Our month-end close is blocked.", "Customers are complaining on social media.",
        "We are losing orders every hour this continues.", "It is annoying but we have a workaround.",
        "Our weekly board report depends on this.", "Field staff cannot submit their timesheets.",
        "This affects roughly {n} of our clients."};
    private static final String[] URGENCY = {"Please treat this as urgent.", "Could someone look at it this week?",
        "A quick reply would be appreciated.", "No rush, but please confirm you received this.",
        "This is the third time I am reporting this.", "We are on the enterprise SLA."};
    private static final String[] GREETINGS = {"Hi support,", "Hello,", "Dear team,", "Hi there,",
        "Good morning,", "To whom it may concern,", "Hey folks,"};
    private static final String[] NAMES = {"Priya", "Tom", "Aisha", "Lukas", "Mei", "Carlos", "Fatima", "Oliver",
        "Sofia", "Kwame", "Hannah", "Diego", "Yuki", "Noah", "Elena", "Omar", "Grace", "Jonas"};
    private static final String[] COMPANIES = {"Northwind Logistics", "Bluebird Dental", "Acme Retail",
        "Harbour Accounting", "Pinecrest Schools", "Lumen Studio", "Redline Freight", "Greenleaf Foods",
        "Summit Legal", "Orbit Telecom", "Maple Health", "Cobalt Insurance"};
    private static final String[] PLANS = {"Starter", "Team", "Business", "Enterprise"};
    private static final String[] OS = {"Windows 11", "macOS 14", "iOS 18", "Android 15", "Ubuntu 24.04",
        "ChromeOS"};
    private static final String[] REPRO = {"Log in as an admin user", "Open the settings page",
        "Click Export and choose CSV", "Upload a file larger than 10 MB", "Switch the workspace",
        "Wait about two minutes", "Refresh the page", "Open the same record on a second device",
        "Add a new team member", "Change the billing address", "Schedule a report for Monday",
        "Log out and log in again", "Open the app from a push notification", "Select last month in the date picker"};
    private static final String[] EXPECTED = {"the page loads normally", "one charge per invoice",
        "the file downloads with all rows", "the change is saved", "a single notification",
        "the report arrives on time", "the session stays active for 8 hours"};
    private static final String[] BROWSERS = {"Chrome 131", "Edge 131", "Firefox 132", "Safari 18",
        "the native app"};
    private static final String[] REGIONS = {"EU-West", "US-East", "US-West", "APAC", "UK"};
    private static final String[] CLOSED_AS = {"resolved", "cannot reproduce", "duplicate", "fixed in the next release"};
    private static final String[] CONTEXT = {"We have been customers for {n} years and this never happened before.",
        "I am the admin for our account.", "We use this daily for client work.",
        "Some background: we moved to the {plan} plan last month.", "I'm writing on behalf of our finance team.",
        "Our whole office relies on this."};

    private SupportTickets() {}

    /** A new ticket. Bodies run from roughly 80 to 300 words. */
    public static Ticket next(SplittableRandom rng) {
        String product = pick(PRODUCTS, rng);
        String problem = pick(PROBLEMS, rng);
        String when = pick(WHEN, rng);
        String version = (3 + rng.nextInt(6)) + "." + rng.nextInt(20) + "." + rng.nextInt(10);
        String os = pick(OS, rng);
        String company = pick(COMPANIES, rng);
        String plan = pick(PLANS, rng);
        String name = pick(NAMES, rng);
        int ticketNo = 100_000 + rng.nextInt(900_000);

        List<String> steps = distinct(STEPS, 1 + rng.nextInt(5), rng);

        StringBuilder b = new StringBuilder(1200);
        b.append(pick(GREETINGS, rng)).append("\n\n");
        b.append(fill(pick(CONTEXT, rng), rng, plan)).append(' ');
        b.append(Character.toUpperCase(product.charAt(0))).append(product, 1, product.length()).append(' ')
                .append(problem).append(" for us ").append(when).append(" (version ").append(version)
                .append(" on ").append(os).append(").");
        if (rng.nextBoolean()) {
            b.append(" It happens for ").append(rng.nextBoolean() ? "every user" : "some users but not others")
                    .append(" and ").append(rng.nextBoolean() ? "started without any change on our side."
                            : "seems to be worse in the afternoon.");
        }
        if (rng.nextInt(3) > 0) {
            b.append("\n\nSteps to reproduce:\n");
            List<String> repro = distinct(REPRO, 2 + rng.nextInt(4), rng);
            for (int i = 0; i < repro.size(); i++) {
                b.append(i + 1).append(". ").append(repro.get(i)).append('\n');
            }
            b.append("Expected: ").append(pick(EXPECTED, rng)).append("\nActual: ").append(problem)
                    .append('.');
        }
        if (rng.nextBoolean()) {
            b.append("\n\nEnvironment: ").append(os).append(", ").append(pick(BROWSERS, rng)).append(", ")
                    .append(2 + rng.nextInt(500)).append(" seats, region ").append(pick(REGIONS, rng)).append('.');
        }
        if (rng.nextInt(4) == 0) {
            b.append("\n\nThis may be related to ticket #").append(100_000 + rng.nextInt(900_000))
                    .append(", which was closed as ").append(pick(CLOSED_AS, rng))
                    .append(" but the problem came back.");
        }
        b.append("\n\nSo far we have:\n");
        for (String step : steps) {
            b.append("- ").append(step).append('\n');
        }
        b.append("None of this helped.\n\n");
        if (rng.nextInt(3) == 0) {
            b.append("The console shows: ERR_").append(Integer.toHexString(0x1000 + rng.nextInt(0xE000))
                    .toUpperCase(Locale.ROOT)).append(" at ").append(product.replace("the ", "").replace(' ', '_'))
                    .append(".handler (request id ").append(Long.toHexString(rng.nextLong() >>> 16)).append(")\n\n");
        }
        b.append(fill(pick(IMPACTS, rng), rng, plan)).append(' ').append(pick(URGENCY, rng)).append("\n\n");
        b.append(rng.nextBoolean() ? "Thanks,\n" : "Best regards,\n").append(name).append('\n').append(company)
                .append(" (").append(plan).append(" plan, ticket #").append(ticketNo).append(')');

        String summary = company + " reports that " + product + " " + problem + " on version " + version
                + " (" + os + ") " + when + "; " + steps.size() + (steps.size() == 1 ? " fix was" : " fixes were")
                + " tried without success.";
        return new Ticket(b.toString(), summary);
    }

    private static String fill(String template, SplittableRandom rng, String plan) {
        return template.replace("{n}", Integer.toString(2 + rng.nextInt(40))).replace("{plan}", plan);
    }

    /** {@code n} different items, in the order drawn; {@code n} must not exceed the items. */
    private static List<String> distinct(String[] items, int n, SplittableRandom rng) {
        List<String> chosen = new ArrayList<>(n);
        while (chosen.size() < n) {
            String item = pick(items, rng);
            if (!chosen.contains(item)) {
                chosen.add(item);
            }
        }
        return chosen;
    }

    private static String pick(String[] items, SplittableRandom rng) {
        return items[rng.nextInt(items.length)];
    }
}

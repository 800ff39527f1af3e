package dev.quarry.corpora.archetype;

import dev.quarry.corpora.source.PromptSet;
import dev.quarry.corpora.source.Sources;
import dev.quarry.corpora.text.ChatPhrases;
import dev.quarry.corpora.text.CodeBank;
import dev.quarry.corpora.text.CompanyTexts;
import dev.quarry.corpora.text.Documents;
import dev.quarry.corpora.text.SupportTickets;
import dev.quarry.corpora.text.Typos;
import dev.quarry.ingest.Endpoint;
import dev.quarry.ingest.InferenceEvent;
import dev.quarry.ingest.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Benign {@code corporate_team}: the employees of one company using the API at work, the
 * legitimate look-alike of {@link HydraCluster}. It follows how companies describe their LLM
 * set-ups: an AI gateway such as LiteLLM or Portkey in front of the provider (one client stack for
 * every employee, per-employee or per-team virtual keys, spend billed to one account, optionally a
 * system prompt the gateway injects into every call), staff behind one corporate egress NAT, and an
 * internal tool or two built on the API (LiteLLM and Portkey documentation on virtual keys, budgets
 * and prompt templates; OpenAI's organisation and project keys). Per team, as a roster group:
 * <ul>
 *   <li>infrastructure the roster draws from {@link #plan}: 5-60 member keys behind the company's
 *       egress (one address or a few in one /24), some members remote on their own addresses; one
 *       gateway client stack for most teams, the employees' own stacks for the rest; one payment
 *       fingerprint (the corporate card) for most; an {@code org_id} declared for about half of the
 *       teams (keys under one organisation) and personal keys expensed on the card for the rest;
 *       one business time zone;
 *   <li>office hours starting 7-10 and lasting 8-10 hours, weekdays only with a quieter Friday, a
 *       lunch dip, a little evening and weekend work;
 *   <li>for some teams an internal tool: one fixed template of {@link #TOOL_TEMPLATES} with the
 *       employee's own text filled in, 10-60% of the calls of the members who use it; for some
 *       gateway teams a company-policy system prompt of {@link #POLICY_PROMPTS} on every call.
 * </ul>
 * Each member is an employee with their own mix of chat questions (public chat prompts, else the
 * chat phrase bank), code questions (Code Alpaca, else the code bank) and writing and summarising
 * of their own documents (the company's help articles, policies, support tickets), in sessions of
 * 1-8 turns with reading time between turns, and their own volume: 5 to 300 calls on a working day.
 *
 * <p>Stateless and thread-safe; the cursors it returns are not.
 */
public final class CorporateTeam implements Archetype {
    /** Internal tools: one fixed template each, {@code %s} the employee's own text. Written for Quarry. */
    public static final List<String> TOOL_TEMPLATES = List.of(
            "Summarise this support ticket for the weekly report in two sentences, then give its category:\n\n%s",
            "Rewrite this paragraph in our brand voice: warm, plain, no jargon, active sentences.\n\n%s",
            "You are the Release Notes Helper. Turn the following change notes into customer-facing release notes "
                    + "with a short headline:\n\n%s",
            "Draft a polite reply to this customer email. Keep it under 150 words and sign it 'The Support Team'."
                    + "\n\nEmail:\n%s",
            "Extract the action items, owners and due dates from these meeting notes as a bulleted list:\n\n%s",
            "Translate the following internal announcement into clear, simple English for our global "
                    + "staff:\n\n%s");
    /** Company policies a gateway injects as the system prompt. Written for Quarry. */
    public static final List<String> POLICY_PROMPTS = List.of(
            "You are the internal assistant of our company. Do not include customer personal data in answers. "
                    + "If asked about legal or HR matters, refer the employee to the relevant team.",
            "Company policy: answers are for internal use only. Never reproduce confidential figures outside "
                    + "the conversation. Be concise and professional.",
            "You are a helpful assistant for employees. Follow the acceptable-use policy: no personal data, no "
                    + "credentials, no client names in prompts. Keep a neutral, professional tone.");
    private static final String[] DOC_ASKS = {"Summarise this in five bullet points:\n\n%s",
        "Can you shorten this to one paragraph for my manager?\n\n%s", "Proofread this and fix any mistakes:\n\n%s",
        "What are the key points here?\n\n%s", "Turn this into a short email to the team:\n\n%s",
        "Make this sound more professional:\n\n%s", "tl;dr please\n\n%s",
        "I need a summary of this for a slide, three lines max:\n\n%s"};
    private static final String[] DOC_FOLLOW_UPS = {"Shorter please.", "Can you make it more formal?",
        "Add a line about next steps.", "Now as a table.", "Thanks! Can you translate that to German?",
        "Less salesy, please.", "Can you keep the original headings?"};
    private static final String[] NOTES = {"Discussed the Q3 roadmap; {who} to send the draft by Friday.",
        "Budget review moved to next week, {who} owns the spreadsheet.",
        "Customer escalation: {who} follows up with the account team tomorrow.",
        "Hiring: two interviews left, {who} to collect feedback by Wednesday.",
        "Release slipped by one sprint; {who} updates the status page.",
        "Office move: {who} books the movers for the 14th.",
        "Security training due end of month, reminders from {who}."};
    private static final String[] NAMES = {"Priya", "Tom", "Ana", "Kenji", "Fatima", "Lukas", "Grace", "Omar"};

    /**
     * What a team shares, drawn from its group seed; the roster and the traffic both read it.
     *
     * @param gateway whether the team's calls pass one AI gateway (one client stack)
     * @param sharedOrg whether the keys declare one organisation
     * @param sharedCard whether every key is billed to one corporate card
     * @param egressAddresses addresses of the company's egress in its /24 (1-4)
     * @param remoteShare share of members working remotely on their own addresses
     * @param tool the internal tool's template index into {@link #TOOL_TEMPLATES}, or -1
     * @param policy the gateway's system prompt index into {@link #POLICY_PROMPTS}, or -1
     */
    public record Plan(boolean gateway, boolean sharedOrg, boolean sharedCard, int egressAddresses,
            double remoteShare, int tool, int policy) {}

    /** The shared plan of the team whose group seed is {@code groupSeed}. */
    public static Plan plan(long groupSeed) {
        SplittableRandom r = new SplittableRandom(groupSeed ^ 0xC0FFEE1234L);
        boolean gateway = r.nextInt(10) < 7;
        boolean sharedOrg = r.nextBoolean();
        boolean sharedCard = r.nextInt(10) < 8;
        int egress = r.nextInt(10) < 7 ? 1 : 2 + r.nextInt(3);
        double remote = r.nextInt(10) < 6 ? 0.0 : PerClient.uniform(r, 0.05, 0.35);
        int tool = r.nextInt(10) < 4 ? r.nextInt(TOOL_TEMPLATES.size()) : -1;
        int policy = gateway && r.nextInt(10) < 4 ? r.nextInt(POLICY_PROMPTS.size()) : -1;
        return new Plan(gateway, sharedOrg, sharedCard, egress, remote, tool, policy);
    }

    @Override
    public String name() {
        return "corporate_team";
    }

    @Override
    public Label label() {
        return Label.BENIGN;
    }

    @Override
    public EventCursor open(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources) {
        return new Stream(client, rng, startMillis, endMillis, sources);
    }

    private enum Kind { CHAT, CODE, DOC, TOOL }

    /**
     * One employee's calls under {@code client}'s key, with the team plan and company drawn from
     * {@code teamSeed} instead of the client's group: {@link CompanyGatewayKey} runs a whole company's
     * staff through one key.
     */
    static ClientStream employee(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis,
            Sources sources, long teamSeed) {
        return new Stream(client, rng, startMillis, endMillis, sources, teamSeed);
    }

    private static final class Stream extends ClientStream {
        private final Sources sources;
        private final Plan plan;
        private final CompanyTexts.Company company;
        private final int officeFrom;
        private final int officeTo;
        private final int lunchHour;
        private final String model;
        private final Double temperature;
        private final double peakSessionGapMillis;
        private final double[] kindWeights = new double[4];
        private final double typoRate;
        private final List<Message> history = new ArrayList<>(0);
        private Kind kind;
        private ChatPhrases.Topic topic;
        private int turnsLeft;
        private long t;

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources) {
            this(client, rng, startMillis, endMillis, sources, client.groupSeed());
        }

        Stream(ClientProfile client, SplittableRandom rng, long startMillis, long endMillis, Sources sources,
                long teamSeed) {
            super(client, rng, startMillis, endMillis);
            this.sources = sources;
            this.plan = plan(teamSeed);
            SplittableRandom team = new SplittableRandom(teamSeed ^ 0x7EA77EA7L);
            this.company = CompanyTexts.Company.draw(team);
            this.officeFrom = 7 + team.nextInt(4);
            this.officeTo = officeFrom + 8 + team.nextInt(3);
            this.lunchHour = 12 + team.nextInt(2);
            String teamModel = team.nextInt(10) < 7 ? Models.LARGE : Models.MINI;
            // Behind a gateway the team's default model and temperature; on their own, each employee's.
            this.model = plan.gateway() || rng.nextInt(3) > 0 ? teamModel
                    : rng.nextBoolean() ? Models.LARGE : Models.MINI;
            Double teamTemperature = team.nextBoolean() ? null : PerClient.temperature(team, 0.2, 1.0);
            this.temperature = plan.gateway() ? teamTemperature
                    : rng.nextBoolean() ? null : PerClient.temperature(rng, 0.0, 1.0);
            double callsPerWorkday = PerClient.logUniform(rng, 5, 300);
            double meanTurns = 2.5;
            double officeHours = officeTo - officeFrom;
            this.peakSessionGapMillis = officeHours * Clock.HOUR / (callsPerWorkday / meanTurns);
            // The employee's own mix: an engineer asks mostly code, an analyst chats, a writer drafts.
            double[] role = switch (rng.nextInt(3)) {
                case 0 -> new double[] {0.25, 0.6, 0.15};
                case 1 -> new double[] {0.5, 0.05, 0.45};
                default -> new double[] {0.3, 0.0, 0.7};
            };
            double toolShare = plan.tool() >= 0 && rng.nextInt(10) < 7 ? PerClient.uniform(rng, 0.1, 0.6) : 0.0;
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                role[i] *= 0.5 + rng.nextDouble();
                sum += role[i];
            }
            for (int i = 0; i < 3; i++) {
                kindWeights[i] = role[i] / sum * (1 - toolShare);
            }
            kindWeights[3] = toolShare;
            this.typoRate = PerClient.uniform(rng, 0.02, 0.1);
            this.t = startMillis;
        }

        /** Office hours, weekdays with a quieter Friday, a lunch dip, a little work after hours. */
        private double intensity(long ts) {
            int offset = client.utcOffsetMinutes();
            int hour = Clock.localHour(ts, offset);
            int day = Clock.localDayOfWeek(ts, offset);
            if (day >= 5) {
                return 0.02;
            }
            if (hour < officeFrom || hour >= officeTo) {
                return hour >= officeTo && hour < 23 ? 0.05 : 0.005;
            }
            double dayShape = day == 4 ? 0.75 : day == 0 ? 0.9 : 1.0;
            return hour == lunchHour ? 0.35 * dayShape : dayShape;
        }

        @Override
        protected long schedule() {
            if (turnsLeft == 0) {
                t = Clock.thinnedArrival(rng, t, endMillis, peakSessionGapMillis, this::intensity);
            } else {
                t += (kind == Kind.TOOL ? between(20, 240) : between(20, 300)) * Clock.SECOND; // reading time
            }
            return t;
        }

        @Override
        protected InferenceEvent build(long ts) {
            String text;
            if (turnsLeft == 0) {
                kind = drawKind();
                history.clear();
                // A tool is one call per item, a few items in a row; a conversation 1-8 turns.
                turnsLeft = kind == Kind.TOOL ? between(1, 5) : Math.min(8, 1 + geometric(1.5));
                text = opener();
            } else if (kind == Kind.TOOL) {
                history.clear();
                text = opener();
            } else {
                text = followUp();
            }
            turnsLeft--;
            if (kind != Kind.TOOL && rng.nextDouble() < typoRate) {
                text = Typos.introduce(text, rng);
            }
            List<Message> messages = new ArrayList<>(history.size() + 2);
            if (plan.policy() >= 0) {
                messages.add(new Message("system", POLICY_PROMPTS.get(plan.policy())));
            }
            messages.addAll(history);
            Message user = new Message("user", text);
            messages.add(user);
            int fallback = switch (kind) {
                case CODE -> between(150, 900);
                case DOC, TOOL -> between(60, 500);
                case CHAT -> between(80, 600);
            };
            int completion = sources.timing().completionTokens(rng, 20, 2_000, fallback);
            String reply = switch (kind) {
                case CODE -> CodeBank.codeAnswer(rng);
                case CHAT -> ChatPhrases.reply(topic, rng);
                default -> Documents.context(rng, 2).strip();
            };
            long latency = 300 + completion * (long) between(10, 25);
            InferenceEvent event = emit(ts, Endpoint.CHAT_COMPLETIONS, model,
                    new RequestDraft().messages(messages).temperature(temperature).stream(Boolean.TRUE).build(),
                    ok(reply, null, "stop", Tokens.of(messages), completion, latency));
            history.add(user);
            history.add(new Message("assistant", reply));
            t += latency;
            if (turnsLeft == 0) {
                history.clear();
            }
            return event;
        }

        private Kind drawKind() {
            double u = rng.nextDouble();
            for (int i = 0; i < kindWeights.length; i++) {
                u -= kindWeights[i];
                if (u < 0) {
                    return Kind.values()[i];
                }
            }
            return Kind.CHAT;
        }

        private String opener() {
            return switch (kind) {
                case CHAT -> {
                    topic = ChatPhrases.topic(rng.nextInt(ChatPhrases.topicCount()));
                    String p = rng.nextBoolean() ? sources.prompts().draw(PromptSet.CHAT, rng) : null;
                    yield p != null ? p : ChatPhrases.opener(topic, rng);
                }
                case CODE -> {
                    String p = rng.nextBoolean() ? sources.prompts().draw(PromptSet.CODE, rng) : null;
                    yield p != null ? p : CodeBank.question(rng);
                }
                case DOC -> String.format(DOC_ASKS[rng.nextInt(DOC_ASKS.length)], ownDocument());
                case TOOL -> String.format(TOOL_TEMPLATES.get(plan.tool()), toolInput());
            };
        }

        private String followUp() {
            return switch (kind) {
                case CHAT -> ChatPhrases.followUp(topic, rng);
                case CODE -> CodeBank.followUp(rng);
                default -> DOC_FOLLOW_UPS[rng.nextInt(DOC_FOLLOW_UPS.length)];
            };
        }

        /** One of the employee's own documents: a help article, a policy extract, a ticket, notes. */
        private String ownDocument() {
            return switch (rng.nextInt(4)) {
                case 0 -> CompanyTexts.article(company, rng, between(4, 14));
                case 1 -> Documents.context(rng, between(3, 12)).strip();
                case 2 -> SupportTickets.next(rng).body();
                default -> meetingNotes();
            };
        }

        /** The text an employee pastes into the team's tool, of the kind the tool expects. */
        private String toolInput() {
            return switch (plan.tool()) {
                case 0, 3 -> SupportTickets.next(rng).body();
                case 4 -> meetingNotes();
                case 2 -> CompanyTexts.article(company, rng, between(3, 8));
                default -> rng.nextBoolean() ? CompanyTexts.article(company, rng, between(2, 6))
                        : Documents.context(rng, between(2, 6)).strip();
            };
        }

        private String meetingNotes() {
            StringBuilder sb = new StringBuilder();
            int lines = between(3, 8);
            for (int i = 0; i < lines; i++) {
                sb.append("- ").append(NOTES[rng.nextInt(NOTES.length)].replace("{who}", NAMES[rng.nextInt(NAMES.length)]))
                        .append('\n');
            }
            return sb.toString().strip();
        }

        private int geometric(double mean) {
            double p = 1.0 / (1.0 + mean);
            int n = 0;
            while (rng.nextDouble() > p && n < 100) {
                n++;
            }
            return n;
        }
    }
}

package dev.quarry.corpora.text;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Short user-written texts that a classifier product labels: product reviews (sentiment), forum
 * comments (moderation) and support messages (routing). Each text comes with the class it was
 * written to have. Written for Quarry. Stateless and thread-safe.
 */
public final class CustomerTexts {

    /**
     * A text and the index, into the task's label list, of the class it was written to have.
     */
    public record Labelled(String text, int labelIndex) {}

    /** What a classifier product decides; each task has 2 to 4 one-word labels. */
    public enum Task {
        /** Review sentiment. */
        SENTIMENT(List.of("positive", "negative", "neutral"),
                "Classify the sentiment of the customer review. Answer with exactly one word: positive, "
                        + "negative or neutral."),
        /** Community moderation. */
        MODERATION(List.of("allow", "remove"),
                "You are a content moderation filter for a community forum. Reply with one word: allow if "
                        + "the comment follows the rules, remove if it contains spam, insults or harassment."),
        /** Support-queue routing. */
        ROUTING(List.of("billing", "technical", "account", "other"),
                "Route the support message to a queue. Reply with exactly one of: billing, technical, "
                        + "account, other.");

        private final List<String> labels;
        private final String instruction;

        Task(List<String> labels, String instruction) {
            this.labels = labels;
            this.instruction = instruction;
        }

        /** The one-word labels the product allows. */
        public List<String> labels() {
            return labels;
        }

        /** The system prompt the product sends with every call. */
        public String instruction() {
            return instruction;
        }
    }

    private static final Grammar G = Grammar.builder()
            .slot("product", "these headphones", "the blender", "this phone case", "the hotel", "the delivery",
                    "this jacket", "the app", "the coffee machine", "this mattress", "the hiking boots",
                    "the vacuum", "this desk lamp", "the restaurant", "the yoga mat", "the kettle",
                    "this backpack", "the printer", "the sofa", "the electric toothbrush", "this board game",
                    "the rental car", "the course", "the smartwatch", "the frying pan", "this sunscreen")
            .slot("opener", "", "", "Honestly, ", "Update: ", "Bought this for my {who}. ",
                    "Second one I've owned. ", "Ordered on a Monday, arrived Thursday. ", "Long-time customer here. ",
                    "Used it for {period} now. ")
            .slot("who", "mum", "husband", "daughter", "office", "flat", "dad", "son", "partner")
            .slot("period", "two weeks", "a month", "three months", "half a year", "a year", "a few days")
            .slot("pos", "works perfectly", "exceeded my expectations", "is worth every penny",
                    "is so comfortable", "was a lovely surprise", "is built really well", "does exactly what it says",
                    "made my mornings easier", "is the best purchase I've made this year")
            .slot("neg", "stopped working after {period}", "is flimsy and overpriced", "arrived broken",
                    "smells like chemicals", "is nothing like the photos", "was a complete waste of money",
                    "keeps disconnecting", "fell apart in {period}", "had terrible customer service")
            .slot("neu", "is fine, nothing special", "does the job", "is ok for the price",
                    "is about what I expected", "is average", "works, but the manual is confusing",
                    "is decent though a bit {size}")
            .slot("size", "small", "big", "heavy", "loud", "bulky")
            .slot("posDetail", "Battery lasts for days.", "Setup took five minutes.", "Staff were super friendly.",
                    "The colour is gorgeous.", "Would buy again.", "My {who} loves it.", "Five stars.", "")
            .slot("negDetail", "Returned it.", "Support never replied.", "Avoid.", "Two stars for the packaging.",
                    "Asked for a refund.", "The seams ripped on day {day}.", "Not recommended.", "")
            .slot("neuDetail", "Delivery was on time.", "Might buy a different colour next time.", "",
                    "Three stars.", "It is what it is.", "Packaging was minimal.")
            .slot("day", "two", "three", "five", "one")
            .slot("closer", "", "", "", " 👍", "!!", " lol", " (edited)")
            // comments
            .slot("cOpen", "", "", "", "@{handle} ", "Agreed. ", "Hmm. ", "First time posting here. ", "Edit: ",
                    "Not sure about the others but ", "lol ", "Same here. ")
            .slot("cClose", "", "", "", " Cheers.", " Thanks in advance!", " 😂", " (sorry for my english)", " +1",
                    " just my 2 cents", " /s")
            .slot("handle", "mara_k", "dev_otter", "jpk", "sunny_days", "rgb42", "the_real_tom", "lina.codes",
                    "owlbear", "nightshift_nurse", "quietfox")
            .slot("topicThing", "the new update", "this recipe", "the match last night", "your build", "the photo",
                    "this guide", "the election thread", "the patch notes", "the trailer", "the new firmware",
                    "the mod", "this tutorial", "your garden pics", "the finale", "the roadmap", "the pricing change",
                    "the sourdough starter tip", "the bike route", "the budget spreadsheet")
            .slot("fine", "Thanks for sharing {topicThing}, really useful.",
                    "I disagree about {topicThing} but fair points.", "Does anyone know if {topicThing} works on {os}?",
                    "Great write-up on {topicThing}, bookmarked.", "Tried {topicThing} and it worked for me too.",
                    "Can someone explain {topicThing} to a newbie?", "{topicThing} is wild. Love it.",
                    "Honestly {topicThing} changed how I do things.", "Any update on {topicThing}? Still broken for me.",
                    "Saw {topicThing} and came here to say it is underrated.",
                    "Mods, can we pin {topicThing}?", "Took me {n} tries but {topicThing} finally clicked.")
            .slot("bad", "Buy cheap followers at {spam} now!!! limited offer",
                    "you are a total {insult}, nobody cares about {topicThing}",
                    "CLICK HERE {spam} free gift cards for everyone who read {topicThing}",
                    "only an {insult} would post {topicThing}, delete your account",
                    "DM me for crypto signals {n}00% gains {spam}",
                    "{topicThing}? what an {insult}. get lost",
                    "Earn ${n}000 a week from home, details at {spam}",
                    "I know where you live, {insult}. watch yourself")
            .slot("spam", "www.best-deals-4u.example", "bit.ly/xx-promo", "promo-king.example", "t.me/fastcash_example",
                    "cheap-meds.example", "win-big.example/claim")
            .slot("insult", "idiot", "clown", "loser", "moron", "absolute muppet")
            .slot("os", "Linux", "a Mac", "Windows", "a Steam Deck", "Android", "an old iPad")
            .slot("n", "2", "3", "4", "5", "6", "7", "8", "9", "12", "15")
            // support
            .slot("rOpen", "", "", "Hi, ", "Hello team, ", "Urgent: ", "Quick one - ", "Hey, ", "Good afternoon. ",
                    "Following up: ")
            .slot("rClose", "", "", " Thanks.", " Order {d}{d}{d}{d}{d}.", " Account ID {d}{d}{d}{d}{d}{d}.",
                    " Please help.", " Sent from my phone.", " This is the second time I'm asking.")
            .slot("d", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
            .slot("billing", "I was charged twice for my {plan} subscription this month.",
                    "How do I get an invoice with our VAT number for {month}?",
                    "My card was declined but the money left my account.",
                    "Please cancel my {plan} plan and refund {month}.",
                    "Why did my bill go up by {n} dollars in {month}?",
                    "Can we switch from {plan} to {plan} billing without losing credit?")
            .slot("technical", "The export button does nothing in {browser}.",
                    "Sync has been stuck at {pct}% since this morning.",
                    "The API returns 502 errors for every request.",
                    "App crashes when I open the settings page on {browser}.",
                    "Notifications stopped arriving on {browser} after the update.",
                    "Uploads over {n} MB fail with a timeout.")
            .slot("account", "I can't reset my password, the email never arrives.",
                    "Please change the account owner to my colleague.",
                    "My account got locked after the {plan} upgrade.",
                    "How do I enable two-factor login for my team?",
                    "I need to merge two accounts, one is on the {plan} plan.",
                    "Someone logged into my account from {city}, it wasn't me.")
            .slot("other", "Do you have a student discount?", "Are you hiring in {city}?",
                    "Just wanted to say the new design looks great.", "Is there a {plan} plan for charities?",
                    "Do you have an office in {city} I can visit?", "Who do I talk to about a partnership?")
            .slot("plan", "Pro", "Team", "Basic", "Business", "annual", "monthly")
            .slot("month", "March", "April", "May", "June", "July", "August", "September")
            .slot("browser", "Safari", "Firefox", "Chrome", "Edge", "the iOS app", "the Android app")
            .slot("pct", "12", "37", "50", "64", "88", "99")
            .slot("city", "Berlin", "Austin", "Dublin", "Singapore", "Toronto", "Lagos", "Melbourne")
            .build();

    private CustomerTexts() {}

    /** A text for the task, and the class it was written to have. */
    public static Labelled next(Task task, SplittableRandom rng) {
        switch (task) {
            case SENTIMENT: {
                int label = rng.nextInt(3);
                String[] clause = {"pos", "neg", "neu"};
                String opener = G.pick("opener", rng);
                String text = capitalise(G.pick("product", rng)) + " " + G.pick(clause[label], rng) + ". "
                        + G.pick(clause[label] + "Detail", rng);
                return new Labelled(Casing.join(opener, text.strip()) + G.pick("closer", rng), label);
            }
            case MODERATION: {
                int label = rng.nextInt(10) < 8 ? 0 : 1;
                String body = G.pick(label == 0 ? "fine" : "bad", rng);
                return new Labelled(Casing.join(G.pick("cOpen", rng), body) + G.pick("cClose", rng), label);
            }
            case ROUTING: {
                int label = rng.nextInt(4);
                String queue = Task.ROUTING.labels().get(label);
                return new Labelled(Casing.join(G.pick("rOpen", rng), G.pick(queue, rng)) + G.pick("rClose", rng),
                        label);
            }
            default:
                throw new IllegalArgumentException("unknown task " + task);
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

package dev.quarry.corpora.text;

/**
 * A generated bank of instruction tasks, the kind a distiller writes once (Self-Instruct /
 * Alpaca style: task verbs x objects x domains) and then sends to the teacher model one by one.
 * Task {@code i} is computed from {@code i}, so the bank costs no memory and every index in
 * {@code [0, size())} names a different task. Written for Quarry. Stateless and thread-safe.
 */
public final class TaskBank {

    private static final String[] VERBS = {
        "Explain how {o} applies to {d}.",
        "Write a short essay on the role of {o} in {d}.",
        "Compare {o} with its main alternative in {d}.",
        "List five common mistakes people make with {o} in {d} and how to avoid them.",
        "Describe a step-by-step process for introducing {o} in {d}.",
        "Summarise the history of {o} in {d}.",
        "Give three real-world examples of {o} in {d}.",
        "Create a lesson plan that teaches {o} to beginners in {d}.",
        "Analyse the advantages and disadvantages of {o} in {d}.",
        "Write a dialogue between two experts discussing {o} in {d}.",
        "Propose a research question about {o} in {d} and outline a study to answer it.",
        "Identify the key metrics for evaluating {o} in {d}.",
        "Draft a policy memo recommending how to use {o} in {d}.",
        "Explain {o} in {d} to a twelve-year-old.",
        "Generate five interview questions about {o} for a job in {d}.",
        "Critique the claim that {o} is overrated in {d}.",
        "Write a case study in which {o} solved a problem in {d}.",
        "Outline the ethical considerations of {o} in {d}.",
        "Predict how {o} will change {d} over the next decade.",
        "Write a quiz with answers testing knowledge of {o} in {d}.",
        "Describe the relationship between {o} and productivity in {d}.",
        "Design an experiment to measure the impact of {o} in {d}.",
        "Turn the idea of {o} in {d} into an everyday analogy.",
        "Write a troubleshooting guide for problems with {o} in {d}.",
    };

    private static final String[] OBJECTS = {
        "feedback loops", "risk assessment", "version control", "cost-benefit analysis", "decision trees",
        "supply chains", "peer review", "standard operating procedures", "data visualisation",
        "root cause analysis", "incentive structures", "time management", "sustainability reporting",
        "load balancing", "user research", "quality assurance", "negotiation", "mentorship programmes",
        "scenario planning", "automation", "open standards", "budgeting", "A/B testing", "inventory management",
        "crisis communication", "knowledge management", "remote collaboration", "regulatory compliance",
        "change management", "statistical sampling", "encryption", "caching", "heuristics", "game theory",
        "network effects", "modular design", "lean manufacturing", "agile planning", "customer segmentation",
        "forecasting models", "performance reviews", "conflict resolution", "technical debt", "accessibility",
        "documentation", "benchmarking", "outsourcing", "renewable energy", "waste reduction",
        "public-private partnerships", "crowdsourcing", "gamification", "microlearning", "predictive maintenance",
        "digital twins", "distributed ledgers", "recommendation systems", "natural language interfaces",
        "sensor networks", "redundancy", "checklists", "simulation", "triage", "prototyping", "design thinking",
        "behavioural nudges", "open-source software", "cloud migration", "zero-trust security", "data governance",
        "machine translation", "speech recognition", "image classification", "anomaly detection",
        "reinforcement learning", "transfer learning", "probabilistic reasoning", "queueing theory",
        "linear optimisation", "graph algorithms",
    };

    private static final String[] DOMAINS = {
        "healthcare", "primary education", "agriculture", "logistics", "retail banking", "journalism",
        "urban planning", "aviation", "insurance", "the restaurant industry", "software engineering",
        "marine biology", "public libraries", "manufacturing", "energy utilities", "sports coaching",
        "the legal profession", "museums", "emergency services", "construction", "pharmaceutical research",
        "hospitality", "non-profit fundraising", "telecommunications", "game development", "fashion retail",
        "elderly care", "space exploration", "wildlife conservation", "municipal government", "higher education",
        "music production",
    };

    private TaskBank() {}

    /** How many distinct tasks the bank holds. */
    public static int size() {
        return VERBS.length * OBJECTS.length * DOMAINS.length;
    }

    /**
     * Task number {@code index}. Neighbouring indexes differ in the verb first, so a prefix of
     * the bank is not one object repeated.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= index < size()}
     */
    public static String task(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("task " + index + " of " + size());
        }
        String verb = VERBS[index % VERBS.length];
        String object = OBJECTS[(index / VERBS.length) % OBJECTS.length];
        String domain = DOMAINS[index / (VERBS.length * OBJECTS.length)];
        return verb.replace("{o}", object).replace("{d}", domain);
    }
}

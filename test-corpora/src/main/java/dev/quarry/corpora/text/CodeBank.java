package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * Built-in programming traffic, written for this project: developers' questions, the code
 * context an IDE assistant sends for a completion, and agentic tool-use tasks. Stateless and
 * thread-safe.
 */
public final class CodeBank {
    private static final String[] LANGS = {"Python", "TypeScript", "Java", "Go", "Rust", "C#", "SQL", "Bash"};
    private static final String[] TASKS = {"read a CSV file and skip the header", "retry an HTTP call with backoff",
        "parse ISO 8601 dates", "deduplicate a list while keeping order", "stream a large file line by line",
        "write a unit test for this function", "fix this null pointer exception", "paginate a REST API",
        "debounce a function", "merge two sorted arrays", "connect to Postgres with a connection pool",
        "handle SIGTERM gracefully", "serialize an object to JSON", "validate an email address",
        "run tasks concurrently with a limit", "profile a slow loop", "sort a map by value"};
    private static final String[] QUESTIONS = {"How do I {t} in {l}?", "What's the idiomatic way to {t} in {l}?",
        "My {l} code fails when I try to {t}. Why?", "Can you show me how to {t} in {l}, with comments?",
        "Is there a library to {t} in {l}?", "Review this approach to {t} in {l}"};
    private static final String[] SNIPPETS = {
        "def load_rows(path):\n    with open(path) as f:\n        reader = csv.reader(f)\n        ",
        "export async function fetchPage(url: string, page: number) {\n  const res = await fetch(",
        "public List<Order> openOrders(Customer c) {\n    return orders.stream()\n        .filter(",
        "func (s *Server) handle(w http.ResponseWriter, r *http.Request) {\n\tctx := r.Context()\n\t",
        "fn parse_line(line: &str) -> Result<Record, Error> {\n    let mut parts = line.split(',');\n    ",
        "SELECT c.id, c.name, COUNT(o.id)\nFROM customers c\nLEFT JOIN orders o ON ",
    };
    private static final String[] TOOLS = {"read_file", "write_file", "run_tests", "search_code", "shell", "http_get",
        "list_directory", "apply_patch"};
    private static final String[] AGENT_TASKS = {"The test suite fails in {t}; find the cause and patch it.",
        "Add input validation to the {t} endpoint and run the tests.", "Refactor {t} into smaller functions.",
        "Upgrade the {t} dependency and fix the breaking changes.", "Write a migration that adds a {t} column.",
        "Investigate why {t} is slow and propose a fix."};
    private static final String[] MODULES = {"billing", "auth", "checkout", "search", "export", "scheduler",
        "notifications", "inventory"};

    private static final String[] FOLLOW_UPS = {"That throws on an empty list, can you handle that case?",
        "It works but it's slow on 10k rows. Any faster way?", "Can you add type hints and a docstring?",
        "I get `TypeError: 'NoneType' object is not subscriptable` on the second line", "Now write a unit test for it",
        "Same thing in {l} please", "Why did you use a dict there instead of a set?",
        "ok that fixed it. how do I make it async?", "The linter complains about the nested loop, refactor?",
        "can it return the index too"};

    private CodeBank() {}

    /** A developer's programming question. */
    public static String question(SplittableRandom rng) {
        return QUESTIONS[rng.nextInt(QUESTIONS.length)].replace("{t}", TASKS[rng.nextInt(TASKS.length)])
                .replace("{l}", LANGS[rng.nextInt(LANGS.length)]);
    }

    /** A developer's reply to a code answer: an error, a constraint, a request for a change. */
    public static String followUp(SplittableRandom rng) {
        return FOLLOW_UPS[rng.nextInt(FOLLOW_UPS.length)].replace("{l}", LANGS[rng.nextInt(LANGS.length)]);
    }

    /** The code before the cursor that an IDE sends for an inline completion. */
    public static String completionContext(SplittableRandom rng) {
        String s = SNIPPETS[rng.nextInt(SNIPPETS.length)];
        return "// file: src/" + MODULES[rng.nextInt(MODULES.length)] + "/" + rng.nextInt(40) + "\n" + s;
    }

    /** An agentic coding task. */
    public static String agentTask(SplittableRandom rng) {
        return AGENT_TASKS[rng.nextInt(AGENT_TASKS.length)].replace("{t}", MODULES[rng.nextInt(MODULES.length)]);
    }

    /** A tool name an agent may call. */
    public static String tool(SplittableRandom rng) {
        return TOOLS[rng.nextInt(TOOLS.length)];
    }

    /** A short code answer. */
    public static String codeAnswer(SplittableRandom rng) {
        return "Here's one way to do it:\n\n```\n" + SNIPPETS[rng.nextInt(SNIPPETS.length)] + "...\n```\n";
    }
}

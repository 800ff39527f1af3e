package dev.quarry.corpora.text;

import java.util.SplittableRandom;

/**
 * Built-in school and benchmark-style questions, written for this project: homework questions,
 * grade-school maths word problems in the style of GSM8K, and four-choice exam questions in the
 * style of MMLU. Used when no {@code --text-source} supplies the public sets. Numbers and names
 * are filled in per draw, so the bank has hundreds of thousands of distinct questions. Stateless
 * and thread-safe.
 */
public final class StudyBank {
    private static final String[] NAMES = {"Maya", "Tom", "Priya", "Lucas", "Aisha", "Ken", "Sofia", "Omar", "Lena",
        "Diego", "Hana", "Sam"};
    private static final String[] ITEMS = {"apples", "stickers", "marbles", "books", "cupcakes", "pencils", "shells",
        "cards", "eggs", "tickets"};
    private static final String[] WORD_PROBLEMS = {
        "{n} has {a} {i}. She buys {b} more and gives {c} to a friend. How many {i} does she have now?",
        "{n} sells {i} for ${p} each. On Monday {n} sold {a} and on Tuesday {b}. How much money did {n} make?",
        "A box holds {a} {i}. {n} fills {b} boxes and has {c} {i} left over. How many {i} were there in total?",
        "{n} reads {a} pages a day. The book has {t} pages. How many days will it take to finish the book?",
        "A train travels {a} km in {b} hours. At the same speed, how far does it travel in {c} hours?",
        "{n} saves ${a} a week for {b} weeks and then spends ${c} on a gift. How much is left?",
        "There are {a} students in a class and {b}% of them walk to school. How many students walk to school?",
    };
    private static final String[] HOMEWORK = {
        "Solve for x: {a}x + {b} = {t}", "What is the derivative of {a}x^{b} + {c}x?",
        "Factor x^2 + {s}x + {p}", "Explain the difference between mitosis and meiosis.",
        "What were the main causes of World War I?", "Balance this equation: Fe + O2 -> Fe2O3",
        "What is the area of a circle with radius {a} cm?", "Summarise the plot of Romeo and Juliet in 5 sentences.",
        "Explain photosynthesis for my biology homework.", "What is {a}% of {t}?",
        "Convert {a} km/h to m/s.", "Why does ice float on water?", "Explain Newton's third law with an example.",
        "Write a thesis statement for an essay on climate change.", "How do I find the median of {a}, {b}, {c}, {t}?",
        "What is the integral of {a}x^{b}?", "Define opportunity cost and give an example.",
        "What is the probability of rolling a sum of {b} with two dice?",
    };
    private static final String[][] EXAM = {
        {"Which organelle produces most of a cell's ATP?", "Nucleus", "Mitochondrion", "Ribosome", "Golgi body"},
        {"What is the SI unit of force?", "Joule", "Watt", "Newton", "Pascal"},
        {"Which gas makes up most of Earth's atmosphere?", "Oxygen", "Nitrogen", "Carbon dioxide", "Argon"},
        {"In economics, a price ceiling set below equilibrium causes", "a surplus", "a shortage",
            "no change", "higher supply"},
        {"Which of these is a prime number?", "21", "27", "29", "33"},
        {"The derivative of sin(x) is", "cos(x)", "-cos(x)", "tan(x)", "-sin(x)"},
        {"Who wrote 'The Origin of Species'?", "Mendel", "Darwin", "Lamarck", "Huxley"},
        {"Which data structure gives O(1) average lookup by key?", "Linked list", "Binary heap", "Hash table",
            "Stack"},
        {"A p-value below 0.05 usually means", "the null is true", "reject the null at 5%",
            "the effect is large", "the sample is biased"},
        {"Which amendment protects freedom of speech in the US?", "First", "Second", "Fifth", "Tenth"},
    };

    private StudyBank() {}

    /** A GSM8K-style word problem. */
    public static String wordProblem(SplittableRandom rng) {
        return fill(WORD_PROBLEMS[rng.nextInt(WORD_PROBLEMS.length)], rng);
    }

    /** A homework question as a student types it. */
    public static String homework(SplittableRandom rng) {
        return fill(HOMEWORK[rng.nextInt(HOMEWORK.length)], rng);
    }

    /** An MMLU-style four-choice question with the options lettered A to D. */
    public static String examQuestion(SplittableRandom rng) {
        String[] q = EXAM[rng.nextInt(EXAM.length)];
        return q[0] + "\nA. " + q[1] + "\nB. " + q[2] + "\nC. " + q[3] + "\nD. " + q[4];
    }

    /** The {@code i}-th question of a benchmark-like sweep: a GSM8K-style problem fixed by {@code i}. */
    public static String benchmarkItem(long i) {
        SplittableRandom rng = new SplittableRandom(0x5DEECE66DL ^ (i * 0x9E3779B97F4A7C15L));
        return wordProblem(rng); // the built-in exam bank is too small for a sweep without repeats
    }

    private static String fill(String template, SplittableRandom rng) {
        int a = 2 + rng.nextInt(48);
        int b = 2 + rng.nextInt(12);
        int c = 1 + rng.nextInt(Math.max(1, a - 1));
        return template.replace("{n}", NAMES[rng.nextInt(NAMES.length)])
                .replace("{i}", ITEMS[rng.nextInt(ITEMS.length)])
                .replace("{a}", Integer.toString(a)).replace("{b}", Integer.toString(b))
                .replace("{c}", Integer.toString(c)).replace("{p}", Integer.toString(1 + rng.nextInt(9)))
                .replace("{s}", Integer.toString(a + b)).replace("{t}", Integer.toString(a * b + c));
    }
}

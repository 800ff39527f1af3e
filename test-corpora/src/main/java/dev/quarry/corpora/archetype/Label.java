package dev.quarry.corpora.archetype;

/** The ground truth for a client in a labelled corpus, as written in {@code labels.csv}. */
public enum Label {
    /** Ordinary use of the API. */
    BENIGN("benign"),
    /** Distillation or model-extraction traffic. */
    ATTACK("attack");

    private final String wireName;

    Label(String wireName) {
        this.wireName = wireName;
    }

    /** The name written in {@code labels.csv}. */
    public String wireName() {
        return wireName;
    }
}

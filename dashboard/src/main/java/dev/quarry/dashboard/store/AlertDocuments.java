package dev.quarry.dashboard.store;

import dev.quarry.detectors.alert.Alert;
import dev.quarry.detectors.alert.AlertJson;
import dev.quarry.detectors.alert.DetectorFinding;
import dev.quarry.detectors.alert.Subject;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.util.BytesRef;

/**
 * The index schema. Each alert version is one {@code version} document (history); each alert id
 * also has one {@code current} document holding its highest version, which is what searches,
 * counts and client views list. Both carry the alert JSON as a stored field, so the index alone
 * rebuilds the store after a restart. Stateless and thread-safe.
 */
final class AlertDocuments {
    static final String KIND = "kind";
    static final String CURRENT = "current";
    static final String VERSION_DOC = "version";

    /** Unique per version document: alert id and version. */
    static final String VERSION_KEY = "version_key";
    /** Unique per current document: the alert id. */
    static final String CURRENT_KEY = "current_key";

    static final String ALERT_ID = "alert_id";
    static final String CLIENT_ID = "client_id";
    static final String CLUSTER_ID = "cluster_id";
    static final String SEVERITY = "severity";
    static final String SEVERITY_RANK = "severity_rank";
    static final String TS = "ts";
    static final String VERSION = "version";
    static final String TEXT = "text";
    static final String JSON = "json";

    private AlertDocuments() {}

    static Term versionKey(Alert alert) {
        // A version is all digits, so splitting at the last '#' is unambiguous whatever the id holds.
        return new Term(VERSION_KEY, alert.alertId() + '#' + alert.version());
    }

    static Term currentKey(String alertId) {
        return new Term(CURRENT_KEY, alertId);
    }

    static Document versionDocument(Alert alert) {
        Document doc = common(alert, VERSION_DOC);
        doc.add(new StringField(VERSION_KEY, versionKey(alert).text(), Field.Store.NO));
        return doc;
    }

    static Document currentDocument(Alert alert) {
        Document doc = common(alert, CURRENT);
        doc.add(new StringField(CURRENT_KEY, alert.alertId(), Field.Store.NO));
        doc.add(new StringField(SEVERITY, alert.severity().wireName(), Field.Store.NO));
        doc.add(new IntPoint(SEVERITY_RANK, alert.severity().ordinal()));
        doc.add(new TextField(TEXT, searchableText(alert), Field.Store.NO));
        return doc;
    }

    static Alert alert(Document doc) {
        return AlertJson.fromJson(doc.get(JSON));
    }

    static int version(Document doc) {
        return doc.getField(VERSION).numericValue().intValue();
    }

    /** Client ids the alert is about: the client, or every member of the cluster. */
    static Set<String> clientIds(Subject subject) {
        Set<String> ids = new LinkedHashSet<>();
        if (subject.clientId() != null) {
            ids.add(subject.clientId());
        }
        if (subject.members() != null) {
            ids.addAll(subject.members());
        }
        return ids;
    }

    private static Document common(Alert alert, String kind) {
        Document doc = new Document();
        doc.add(new StringField(KIND, kind, Field.Store.NO));
        doc.add(new StringField(ALERT_ID, alert.alertId(), Field.Store.NO));
        doc.add(new SortedDocValuesField(ALERT_ID, new BytesRef(alert.alertId())));
        for (String clientId : clientIds(alert.subject())) {
            doc.add(new StringField(CLIENT_ID, clientId, Field.Store.NO));
        }
        if (alert.subject().clusterId() != null) {
            doc.add(new StringField(CLUSTER_ID, alert.subject().clusterId(), Field.Store.NO));
        }
        doc.add(new LongPoint(TS, alert.ts()));
        doc.add(new NumericDocValuesField(TS, alert.ts()));
        doc.add(new NumericDocValuesField(VERSION, alert.version()));
        doc.add(new StoredField(VERSION, alert.version()));
        doc.add(new StoredField(JSON, AlertJson.toJson(alert)));
        return doc;
    }

    /** Summary, subject ids, detector names and every key and value of the evidence. */
    static String searchableText(Alert alert) {
        StringBuilder text = new StringBuilder(256);
        line(text, alert.summary());
        line(text, alert.alertId());
        line(text, alert.triggerEventId());
        line(text, alert.subject().clusterId());
        line(text, alert.subject().model());
        clientIds(alert.subject()).forEach(id -> line(text, id));
        for (DetectorFinding finding : alert.detectors()) {
            line(text, finding.name());
            flatten(text, finding.evidence());
        }
        return text.toString();
    }

    private static void flatten(StringBuilder text, Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                line(text, String.valueOf(entry.getKey()));
                flatten(text, entry.getValue());
            }
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> flatten(text, item));
        } else if (value != null) {
            line(text, String.valueOf(value));
        }
    }

    private static void line(StringBuilder text, String s) {
        if (s != null) {
            text.append(s).append('\n');
        }
    }
}

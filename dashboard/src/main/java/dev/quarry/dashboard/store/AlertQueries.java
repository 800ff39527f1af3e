package dev.quarry.dashboard.store;

import dev.quarry.detectors.alert.Severity;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Translates {@link AlertQuery} into Lucene queries. Stateless and thread-safe. */
final class AlertQueries {
    /** Newest first; the alert id breaks ties so pages do not shuffle. */
    static final Sort NEWEST_FIRST = new Sort(
            new SortField(AlertDocuments.TS, SortField.Type.LONG, true),
            new SortField(AlertDocuments.ALERT_ID, SortField.Type.STRING));
    static final Sort OLDEST_FIRST = new Sort(
            new SortField(AlertDocuments.TS, SortField.Type.LONG),
            new SortField(AlertDocuments.ALERT_ID, SortField.Type.STRING),
            new SortField(AlertDocuments.VERSION, SortField.Type.INT));
    static final Sort BY_VERSION = new Sort(new SortField(AlertDocuments.VERSION, SortField.Type.INT));

    private AlertQueries() {}

    static Query search(AlertQuery q, Analyzer analyzer) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(kind(AlertDocuments.CURRENT), Occur.FILTER);
        if (!q.severities().isEmpty()) {
            List<BytesRef> names = q.severities().stream().map(s -> new BytesRef(s.wireName())).toList();
            b.add(new TermInSetQuery(AlertDocuments.SEVERITY, names), Occur.FILTER);
        }
        if (q.minSeverity() != null) {
            b.add(IntPoint.newRangeQuery(AlertDocuments.SEVERITY_RANK,
                    q.minSeverity().ordinal(), Severity.values().length - 1), Occur.FILTER);
        }
        if (q.clientId() != null) {
            b.add(new TermQuery(new Term(AlertDocuments.CLIENT_ID, q.clientId())), Occur.FILTER);
        }
        if (q.fromTs() != null || q.toTs() != null) {
            long from = q.fromTs() == null ? Long.MIN_VALUE : q.fromTs();
            if (q.toTs() != null && q.toTs() == Long.MIN_VALUE) {
                return new BooleanQuery.Builder().build(); // an empty range: nothing matches
            }
            long toInclusive = q.toTs() == null ? Long.MAX_VALUE : q.toTs() - 1;
            b.add(LongPoint.newRangeQuery(AlertDocuments.TS, from, toInclusive), Occur.FILTER);
        }
        if (q.alertIds() != null) {
            if (q.alertIds().isEmpty()) {
                return new BooleanQuery.Builder().build(); // no id allowed: nothing matches
            }
            b.add(idsIn(q.alertIds()), Occur.FILTER);
        }
        if (!q.excludedAlertIds().isEmpty()) {
            b.add(idsIn(q.excludedAlertIds()), Occur.MUST_NOT);
        }
        if (q.text() != null) {
            b.add(text(q.text(), analyzer), Occur.MUST);
        }
        return b.build();
    }

    private static Query idsIn(Set<String> ids) {
        return new TermInSetQuery(AlertDocuments.ALERT_ID, ids.stream().sorted().map(BytesRef::new).toList());
    }

    static Query currentOf(String alertId) {
        return new TermQuery(AlertDocuments.currentKey(alertId));
    }

    static Query versionsOf(String alertId) {
        return both(kind(AlertDocuments.VERSION_DOC), new TermQuery(new Term(AlertDocuments.ALERT_ID, alertId)));
    }

    static Query ofClient(String kind, String clientId) {
        return both(kind(kind), new TermQuery(new Term(AlertDocuments.CLIENT_ID, clientId)));
    }

    static Query ofCluster(String kind, String clusterId) {
        return both(kind(kind), new TermQuery(new Term(AlertDocuments.CLUSTER_ID, clusterId)));
    }

    static Query currentWithSeverity(Severity severity) {
        return both(kind(AlertDocuments.CURRENT), new TermQuery(new Term(AlertDocuments.SEVERITY, severity.wireName())));
    }

    private static Query text(String text, Analyzer analyzer) {
        // QueryParser is not thread-safe: one per query.
        QueryParser parser = new QueryParser(AlertDocuments.TEXT, analyzer);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return parser.parse(text);
        } catch (ParseException | IndexSearcher.TooManyClauses e) {
            throw new InvalidQueryException("cannot parse query '" + text + "': " + firstLine(e.getMessage()), e);
        }
    }

    private static Query kind(String kind) {
        return new TermQuery(new Term(AlertDocuments.KIND, kind));
    }

    private static Query both(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.FILTER).build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

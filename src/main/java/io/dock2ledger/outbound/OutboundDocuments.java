package io.dock2ledger.outbound;

import io.dock2ledger.edi.outbound.OutboundInterchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry of documents the hub sent partners (table {@code edi_outbound_document}, V7): what was sent, under
 * which control numbers, and what the partner's acknowledgments said.
 */
public class OutboundDocuments {

    private static final String COLUMNS = """
            id, partner, standard, document_type, business_reference, interchange_control, group_control,
            set_control, file_name, sent_at, ack_due_at, status, interchange_status, ack_type, ack_interchange_control,
            acknowledged_at, ack_detail, request_hash""";

    private static final RowMapper<OutboundDocument> ROW = (rs, n) -> new OutboundDocument(rs.getLong(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getString(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
            OutboundStatus.valueOf(rs.getString(12)), rs.getString(13), rs.getString(14), rs.getString(15),
            instant(rs.getTimestamp(16)), rs.getString(17), rs.getString(18));

    private final JdbcTemplate jdbc;

    public OutboundDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a document as sent. Fails with {@link org.springframework.dao.DuplicateKeyException} when the same
     * business document already stands for this partner (another hub instance sent it first).
     */
    public OutboundDocument recordSent(String partner, String reference, String requestHash,
                                       OutboundInterchange document, Instant sentAt, Instant ackDueAt) {
        jdbc.update("""
                insert into edi_outbound_document (partner, standard, document_type, business_reference,
                    active_reference, request_hash, interchange_control, group_control, set_control, file_name, content,
                    sent_at, ack_due_at, status)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SENT')""",
                partner, document.standard().name(), document.documentType(), reference, reference, requestHash,
                document.interchangeControl(), document.groupControl(), document.setControl(), document.fileName(),
                document.content(), Timestamp.from(sentAt), Timestamp.from(ackDueAt));
        return standing(partner, document.documentType(), reference).orElseThrow();
    }

    /** The document that currently stands for a business document (not rejected), if any. */
    public Optional<OutboundDocument> standing(String partner, String documentType, String reference) {
        return jdbc.query("select " + COLUMNS + " from edi_outbound_document"
                        + " where partner = ? and document_type = ? and active_reference = ?",
                ROW, partner, documentType, reference).stream().findFirst();
    }

    public Optional<OutboundDocument> byId(long id) {
        return jdbc.query("select " + COLUMNS + " from edi_outbound_document where id = ?", ROW, id).stream()
                .findFirst();
    }

    public Optional<String> content(long id) {
        return jdbc.query("select content from edi_outbound_document where id = ?", (rs, n) -> rs.getString(1), id)
                .stream().findFirst();
    }

    /** The documents of one group the hub sent, newest first (control numbers restart after 999,999,999). */
    public List<OutboundDocument> byGroup(String partner, String groupControl) {
        return jdbc.query("select " + COLUMNS + " from edi_outbound_document where partner = ? and group_control = ?"
                + " order by sent_at desc, id desc", ROW, partner, groupControl);
    }

    public List<OutboundDocument> byInterchange(String partner, String interchangeControl) {
        return jdbc.query("select " + COLUMNS + " from edi_outbound_document"
                        + " where partner = ? and interchange_control = ? order by sent_at desc, id desc",
                ROW, partner, interchangeControl);
    }

    /** Filtered list for the API, newest first; null filters match everything. */
    public List<OutboundDocument> find(String partner, OutboundStatus status, String reference, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from edi_outbound_document where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (partner != null) {
            sql.append(" and partner = ?");
            args.add(partner);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status.name());
        }
        if (reference != null) {
            sql.append(" and business_reference = ?");
            args.add(reference);
        }
        sql.append(" order by sent_at desc, id desc limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    /**
     * Applies a functional acknowledgment's verdict. A rejected document stops standing for its business document,
     * so the order can be sent again.
     */
    public void acknowledge(long id, OutboundStatus status, String ackType, String ackInterchange, Instant at,
                            String detail) {
        jdbc.update("""
                update edi_outbound_document
                set status = ?, ack_type = ?, ack_interchange_control = ?, acknowledged_at = ?, ack_detail = ?,
                    active_reference = case when ? then null else active_reference end
                where id = ?""",
                status.name(), ackType, ackInterchange, Timestamp.from(at), truncate(detail),
                status == OutboundStatus.REJECTED, id);
    }

    /** Applies a TA1: the interchange verdict; a rejected interchange rejects every set in it. */
    public void acknowledgeInterchange(long id, OutboundStatus interchangeStatus, String ackInterchange, Instant at,
                                       String detail) {
        boolean rejected = interchangeStatus == OutboundStatus.REJECTED;
        jdbc.update("""
                update edi_outbound_document
                set interchange_status = ?, ack_interchange_control = ?, acknowledged_at = ?,
                    ack_detail = case when ? then ? else coalesce(ack_detail, ?) end,
                    status = case when ? then 'REJECTED' else status end,
                    ack_type = case when ? then 'TA1' else ack_type end,
                    active_reference = case when ? then null else active_reference end
                where id = ?""",
                interchangeStatus.name(), ackInterchange, Timestamp.from(at), rejected, truncate(detail),
                truncate(detail), rejected, rejected, rejected, id);
    }

    /** Documents still SENT whose acknowledgment was due before {@code now}. */
    public List<OutboundDocument> dueBefore(Instant now) {
        return jdbc.query("select " + COLUMNS + " from edi_outbound_document where status = 'SENT' and ack_due_at < ?"
                + " order by ack_due_at", ROW, Timestamp.from(now));
    }

    /** SENT to OVERDUE; false when another hub instance (or an acknowledgment) got there first. */
    public boolean markOverdue(long id) {
        return jdbc.update("update edi_outbound_document set status = 'OVERDUE' where id = ? and status = 'SENT'",
                id) == 1;
    }

    public long count(OutboundStatus status) {
        Long n = jdbc.queryForObject("select count(*) from edi_outbound_document where status = ?", Long.class,
                status.name());
        return n == null ? 0 : n;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 4000 ? value : value.substring(0, 3997) + "...";
    }
}

package io.dock2ledger.intake;

import io.dock2ledger.Dock2LedgerApplication;
import io.dock2ledger.support.TestPasswordHashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dock2ledger.intake.PartnerFolderFiles.files;
import static io.dock2ledger.intake.PartnerFolderFiles.renumbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, "how it will be tried", through the whole hub: real-world 945 layouts that use PER in the N1 loop, W10,
 * G72 at the heading and no W27 (all allowed by the X12 004010 table) are accepted with an accepting 997 and post
 * their invoices; a 945 missing what the standard requires (W06-01) is still rejected with the standard's AK3/AK4
 * codes and posts nothing. A hub of its own: the invoices ship whole order lines of the demo orders, which the shared
 * hub's other tests ship against too.
 */
class RealWorldShippingAdvicesIT {

    private static final Path LAYOUTS = Path.of("src/test/resources/edi/layouts");
    private static final Path FIXTURES = Path.of("src/test/resources/edi/fixtures");
    private static final Path DATA_DIR = Path.of("./target/real-945-hub-" + UUID.randomUUID());
    private static final Path ACME = DATA_DIR.resolve("partners/acme-3pl");

    private static ConfigurableApplicationContext hub;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void startHub() {
        hub = new SpringApplicationBuilder(Dock2LedgerApplication.class, TestPasswordHashes.class).run(
                "--dock2ledger.data-dir=" + DATA_DIR,
                "--dock2ledger.intake.poll-delay=200",
                "--dock2ledger.posting.wait-retry-delay=1s",
                "--dock2ledger.sftp.port=0",
                "--server.port=0",
                "--camel.main.jmx-enabled=false");
        jdbc = hub.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void shippingAdvicesWithPerW10AndG72ButNoW27PostTheirInvoicesWithAnAccepting997() {
        // Pick and pack: PER in three N1 loops, W10, two G72 charges, MAN, N9 lot; SO-50002 shipped in full.
        drop("945_pick-pack_900000311.x12", renumbered(LAYOUTS.resolve("945_4010_pick-pack_per_w10_g72.x12"),
                "000000301", "900000311", "*301*X*", "*311*X*", "GE*1*301", "GE*1*311", "SHP-9111", "SHP-R311",
                "SO-50011", "SO-50002"));
        // LTL: G61, W6, W28, W10, a G72 fuel charge, QTY and MEA; against SO-50003 (customer CUST-1003).
        drop("945_ltl_900000312.x12", renumbered(LAYOUTS.resolve("945_4010_ltl_w6_w28_w10_g72.x12"),
                "000000302", "900000312", "*302*X*", "*312*X*", "GE*1*302", "GE*1*312", "SHP-9112", "SHP-R312",
                "SO-50012", "SO-50003", "CUST-1002", "CUST-1003", "W12*CC*24*24*0*EA**VN*ACM-0002",
                "W12*CC*4*4*0*EA**VN*ACM-0107", "QTY*39*24*EA", "QTY*39*4*EA"));

        Map<String, String> customers = Map.of("SHP-R311", "CUST-1002", "SHP-R312", "CUST-1003");
        for (String shipment : List.of("SHP-R311", "SHP-R312")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from finance_document "
                    + "where source_document = ? and journal_kind = 'AR_INVOICE'", shipment) == 1);
            Map<String, Object> invoice = jdbc.queryForMap("select counterparty, total_debit, total_credit "
                    + "from finance_document where source_document = ? and journal_kind = 'AR_INVOICE'", shipment);
            assertThat(invoice.get("counterparty")).isEqualTo(customers.get(shipment));
            assertThat((BigDecimal) invoice.get("total_debit")).as(shipment + " invoice balances").isPositive()
                    .isEqualByComparingTo((BigDecimal) invoice.get("total_credit"));
        }
        // SO-50002: 96 EA TEA-EARL at 5.50 and 12 EA MUG-BLU at 4.95 net, as the demo's expected.json prices them.
        assertThat(jdbc.queryForObject("select net from finance_document where source_document = 'SHP-R311' "
                + "and journal_kind = 'AR_INVOICE'", BigDecimal.class)).isEqualByComparingTo("587.40");

        await().atMost(Duration.ofSeconds(10)).until(() -> acksFor("AK1*SW*311").size() == 1
                && acksFor("AK1*SW*312").size() == 1);
        for (String group : List.of("AK1*SW*311", "AK1*SW*312")) {
            assertThat(acksFor(group).get(0)).contains("AK2*945*0001", "AK5*A", "AK9*A*1*1*1").doesNotContain("AK3*");
        }
        assertThat(count("select count(*) from hub_exception where source_document in ('SHP-R311', 'SHP-R312') "
                + "or source_document like '%900000311%' or source_document like '%900000312%'")).isZero();
    }

    @Test
    void aShippingAdviceWithoutW0601IsRejectedWithTheStandardsAk3AndAk4AndPostsNothing() {
        drop("945_no_w0601_900000313.x12", renumbered(FIXTURES.resolve("945_4010_missing_W0601.x12"),
                "000000202", "900000313", "*202*X*", "*313*X*", "GE*1*202", "GE*1*313", "SHP-9012", "SHP-R313"));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from hub_exception "
                + "where category = 'EDI_REJECTED' and source_document like '%900000313%'") == 1);
        assertThat(jdbc.queryForObject("select reason from hub_exception where category = 'EDI_REJECTED' "
                + "and source_document like '%900000313%'", String.class))
                .contains("element W0601 (data element 473): mandatory data element missing");
        await().atMost(Duration.ofSeconds(10)).until(() -> acksFor("AK1*SW*313").size() == 1);
        assertThat(acksFor("AK1*SW*313").get(0)).contains("AK3*W06*2**8", "AK4*1*473*1", "AK5*R*5",
                "AK9*R*1*1*0");
        assertThat(count("select count(*) from canonical_event where source_document = 'SHP-R313'")).isZero();
        assertThat(count("select count(*) from finance_document where source_document = 'SHP-R313'")).isZero();
    }

    private static void drop(String name, String content) {
        try {
            Path inbox = Files.createDirectories(ACME.resolve("inbox"));
            Path part = inbox.resolve(name + ".part");
            Files.writeString(part, content);
            Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> acksFor(String ak1) {
        return files(ACME.resolve("outbox"), "acme-3pl_").stream().map(PartnerFolderFiles::read)
                .filter(text -> text.contains(ak1 + "~")).toList();
    }

    private static int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }
}

package io.dock2ledger.edi;

import io.dock2ledger.edi.ack.AckPreferences;
import io.dock2ledger.edi.read.Disposition;
import io.dock2ledger.edi.read.TransactionOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dock2ledger.edi.EdiTestSupport.intake;
import static io.dock2ledger.edi.EdiTestSupport.readText;
import static io.dock2ledger.edi.EdiTestSupport.segments;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UNH message identifier (S009 0052 version + 0054 release) chooses the EDIFACT schema, and the schema is the
 * directory's full message table (issue 14): standard segments the hub does not map are accepted, a mandatory segment
 * is still required, and a directory the hub has no table for is refused, never validated against another one's.
 */
class EdifactDirectoriesTest {

    private static final String UNB = "UNA:+.? '\nUNB+UNOC:3+ACME3PL:ZZ+DOCKSIDE:ZZ+261126:1405+DES0100++DESADV++1'\n";

    @Test
    void aDespatchAdviceUsingStandardGroupsTheHubDoesNotMapIsAcceptedWithAPositiveContrl() {
        // EQD (SG8), MOA, HAN (SG12), GIR and GIN/DLM (SG13/SG14), DGS (SG17) and QVR (SG23) are in the D.96A table,
        // never in the hub's old hand-written subset, which refused them as "segment not expected here".
        String message = "UNH+1+DESADV:D:96A:UN:EAN005'\nBGM+351+SHP-9100+9'\nDTM+137:20261126:102'\n"
                + "MOA+64:1200.50:EUR'\nRFF+ON:SO-50100'\nNAD+ST+CUST-1003::91'\nTDT+20++30'\n"
                + "EQD+CN+MSKU1234567'\nSEL+SEAL-1'\nCPS+1'\nPAC+2++PK'\nHAN+HWC'\nPCI+33E'\nGIR+3+BATCH-7:BX'\n"
                + "GIN+BJ+354123450000000014'\nDLM++LIM'\nLIN+1++ACM-0001:SA'\nQTY+12:10:EA'\nDGS+ADR+3'\n"
                + "QVR+2:21+AV'\nCNT+2:1'\nUNT+22+1'\n";
        EdiTestSupport.Result result = readText(UNB + message + "UNZ+1+DES0100'\n");

        TransactionOutcome desadv = onlyMessage(result);
        assertThat(desadv.reasons()).isEmpty();
        assertThat(desadv.disposition()).isEqualTo(Disposition.ACCEPTED);
        assertThat(result.delivered()).hasSize(1);
        assertThat(result.delivered().get(0).json().path("validation").path("release").asText()).isEqualTo("D96A");
        assertThat(result.delivered().get(0).json().path("segments").toString()).contains("EQD", "DGS", "GIR");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '\''))
                .contains("UCI+DES0100+ACME3PL:ZZ+DOCKSIDE:ZZ+7", "UCM+1+DESADV:D:96A:UN:EAN005+7");
    }

    @Test
    void aMessageMissingAMandatorySegmentIsStillRefusedWithTheStandardsCodes() {
        // RECADV D.96A: DTM (0030) is M, as is the NAD group SG4.
        String message = "UNH+1+RECADV:D:96A:UN:EAN003'\nBGM+632+REC-77+9'\nCPS+1'\nLIN+1++ACM-0001:SA'\n"
                + "QTY+48:5:EA'\nUNT+6+1'\n";
        EdiTestSupport.Result result = readText(UNB.replace("DESADV", "RECADV") + message + "UNZ+1+DES0100'\n");

        TransactionOutcome recadv = onlyMessage(result);
        assertThat(recadv.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(result.delivered()).isEmpty();
        assertThat(recadv.reasons()).contains("mandatory");
        List<String> contrl = segments(result.report().acknowledgments().get(0).content(), '\'');
        assertThat(contrl).contains("UCM+1+RECADV:D:96A:UN:EAN003+4+13");
    }

    @Test
    void aDirectoryWithoutATableIsRefusedWithUcmAction4AndCode14() {
        String message = "UNH+1+DESADV:D:99B:UN'\nBGM+351+SHP-9101+9'\nDTM+137:20261126:102'\nCPS+1'\n"
                + "LIN+1++ACM-0001:SA'\nQTY+12:10:EA'\nUNT+7+1'\n";
        EdiTestSupport.Result result = readText(intake(), UNB + message + "UNZ+1+DES0100'\n", AckPreferences.DEFAULT);

        TransactionOutcome desadv = onlyMessage(result);
        assertThat(desadv.disposition()).isEqualTo(Disposition.REJECTED);
        assertThat(desadv.schemaId()).as("not validated against the D.96A or D.01B table").isNull();
        assertThat(result.delivered()).isEmpty();
        assertThat(desadv.reasons()).contains("Message DESADV is UN/EDIFACT directory D99B (UNH 'DESADV:D:99B:UN')",
                "it has D96A, D01B", "refused rather than validated against another directory's table");
        assertThat(segments(result.report().acknowledgments().get(0).content(), '\''))
                .contains("UCI+DES0100+ACME3PL:ZZ+DOCKSIDE:ZZ+7", "UCM+1+DESADV:D:99B:UN+4+14");
        assertThat(result.report().rejectionReasons()).contains("directory D99B");
    }

    @Test
    void theDirectoryDecidesTheTableAnInventoryReportIsReadAgainst() {
        // D.96A leads the stock group with QTY (SG11 QTY, INV); D.01B leads it with INV (SG11 INV, QTY).
        String d96a = "UNH+1+INVRPT:D:96A:UN'\nBGM+35+ADJ-1+9'\nDTM+137:20261127:102'\nLIN+1++ACM-0107:SA'\n"
                + "QTY+156:2:EA'\nINV+1++3'\nUNT+7+1'\n";
        String header = UNB.replace("DESADV", "INVRPT");
        assertThat(onlyMessage(readText(header + d96a + "UNZ+1+DES0100'\n")).disposition())
                .isEqualTo(Disposition.ACCEPTED);
        assertThat(onlyMessage(readText(header + d96a.replace("D:96A", "D:01B") + "UNZ+1+DES0100'\n")).reasons())
                .as("QTY before INV is not the D.01B table").contains("mandatory segment missing");
        String d01b = d96a.replace("QTY+156:2:EA'\nINV+1++3'", "INV+1++3'\nQTY+156:2:EA'").replace("D:96A", "D:01B");
        assertThat(onlyMessage(readText(header + d01b + "UNZ+1+DES0100'\n")).disposition())
                .isEqualTo(Disposition.ACCEPTED);
    }

    private static TransactionOutcome onlyMessage(EdiTestSupport.Result result) {
        assertThat(result.report().interchanges()).hasSize(1);
        List<TransactionOutcome> messages = result.report().interchanges().get(0).allTransactions();
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}

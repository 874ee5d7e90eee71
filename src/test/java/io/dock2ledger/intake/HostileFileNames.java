package io.dock2ledger.intake;

import io.dock2ledger.partners.PartnerFileNames;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;

/** File names partners have produced or could, each with what makes it hostile. Shared by the intake and SFTP tests. */
public final class HostileFileNames {

    private HostileFileNames() {
    }

    /** Description to name; every one must be refused. */
    public static Map<String, String> all() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("backslash (finding 5)", "shipments_a\\nb.csv");
        names.put("line feed", "shipments_a\nb.csv");
        names.put("carriage return", "shipments_a\rb.csv");
        names.put("tab", "shipments_a\tb.csv");
        names.put("escape character", "shipments_\u001b[31mred.csv");
        names.put("NFD accent", Normalizer.normalize("shipments_é.csv", Normalizer.Form.NFD));
        names.put("NFC accent", Normalizer.normalize("shipments_é.csv", Normalizer.Form.NFC));
        names.put("right-to-left override", "shipments_\u202Evsc.exe");
        names.put("very long", "shipments_" + "x".repeat(PartnerFileNames.MAX_LENGTH) + ".csv");
        names.put("leading dash", "-shipments_1.csv");
        names.put("space", "shipments 1.csv");
        names.put("trailing dot", "shipments_1.csv.");
        names.put("trailing space", "shipments_1.csv ");
        names.put("looks like a Windows path", "C:\\inbox\\shipments_1.csv");
        names.put("colon", "shipments:1.csv");
        names.put("formula", "=shipments_1.csv");
        return names;
    }
}

package io.dock2ledger.faultinjection;

import io.dock2ledger.intake.sftp.PartnerSftpClient;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folders of one scenario: a copy of the project's config with one large sales order added (so thousands of
 * shipments never over-ship; the benchmark, HubBenchmark, uses it too), the hub's data directory, the report directory
 * target/fault-injection/, and the shipment files dropped into acme-3pl's inbox.
 */
public final class FaultWorkspace {

    public static final String PARTNER = "acme-3pl";
    public static final String ORDER = "SO-FAULT";

    final String scenario;
    public final Path root;
    public final Path config;
    public final Path reports;

    public FaultWorkspace(String scenario) {
        this.scenario = scenario;
        try {
            this.reports = Files.createDirectories(reportRoot().resolve(scenario));
            this.root = Files.createTempDirectory("dock2ledger-fault-" + scenario + "-");
            this.config = largeOrderConfig(root.resolve("config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("fault.project.dir", ".")).toAbsolutePath().normalize();
    }

    static Path reportRoot() {
        return Path.of(System.getProperty("fault.report.dir", projectDir().resolve("target/fault-injection").toString()));
    }

    /**
     * What every hub life of the suite runs with: absolute folders, its own data directory, a free HTTP port, SFTP
     * off (the suite drops files into the inbox folder, which is the SFTP home), route reload off.
     */
    static List<String> standardHubArgs(Path dataDir, Path configDir, int httpPort) {
        Path project = projectDir();
        List<String> args = new ArrayList<>(List.of(
                "--dock2ledger.data-dir=" + dataDir.toAbsolutePath(),
                "--dock2ledger.config-dir=" + configDir.toAbsolutePath(),
                "--dock2ledger.routes-dir=" + project.resolve("routes"),
                "--dock2ledger.mappings-dir=" + project.resolve("mappings"),
                "--server.port=" + httpPort,
                "--server.address=127.0.0.1",
                "--dock2ledger.sftp.enabled=false",
                "--dock2ledger.intake.poll-delay=200",
                "--camel.main.routes-reload-enabled=false",
                // One line per event would make the logs the biggest thing on disk.
                "--logging.level.partner-inbox-to-canonical=WARN",
                "--logging.level.canonical-events-to-finance=WARN"));
        args.addAll(HubSettings.extra());
        return args;
    }

    public Path inbox(Path dataDir) {
        return dataDir.resolve("partners").resolve(PARTNER).resolve("inbox");
    }

    /** Writes a CSV of shipments (2 lines each, one large order) and moves it into the inbox whole, as SFTP does. */
    public List<String> dropShipments(Path dataDir, String batch, int shipments) {
        return dropShipments(dataDir, batch, shipments, List.of(ORDER), 0);
    }

    /**
     * The same, with shipment i of the file (counted from {@code firstShipment}) on {@code orders[i % orders.size()]}:
     * a realistic mix of many sales orders, so of many message groups (the benchmark, docs/performance.md).
     */
    public List<String> dropShipments(Path dataDir, String batch, int shipments, List<String> orders, long firstShipment) {
        List<String> ids = new ArrayList<>(shipments);
        moveIntoInbox(dataDir, shipmentsFile(batch),
                out -> writeShipmentsCsv(out, batch, shipments, orders, firstShipment, ids));
        return ids;
    }

    /**
     * The same with shipments of {@code lines} lines each ({@code SHP-<batch>-001} ...), one case of mugs a line, all on
     * the large order: events of thousands of lines.
     */
    public List<String> dropLargeShipments(Path dataDir, String batch, int shipments, int lines) {
        List<String> ids = new ArrayList<>(shipments);
        moveIntoInbox(dataDir, shipmentsFile(batch), out -> {
            out.append("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
            for (int s = 1; s <= shipments; s++) {
                String id = String.format("SHP-%s-%03d", batch, s);
                ids.add(id);
                for (int line = 1; line <= lines; line++) {
                    out.append(id).append(',').append(ORDER).append(",2026-11-26T14:05:00-05:00,NJ1,CUST-1001,")
                            .append(Integer.toString(line)).append(",ACM-0001,1,CA,L1,UPSN,T")
                            .append(Integer.toString(s)).append('\n');
                }
            }
        });
        return ids;
    }

    /** The name of a batch's shipment CSV, {@code shipments_<batch>.csv}. */
    public static String shipmentsFile(String batch) {
        return "shipments_" + batch + ".csv";
    }

    /** The name of a batch's X12 945 file ({@link #x12Shipments}), {@code 945_<batch>.x12}. */
    public static String x12ShipmentsFile(String batch) {
        return "945_" + batch + ".x12";
    }

    /** Shipment {@code i} (from 1) of a batch, {@code SHP-<batch>-<i>}, in the CSV and the X12 945 files alike. */
    static String shipmentId(String batch, int i) {
        return String.format("SHP-%s-%05d", batch, i);
    }

    /**
     * Writes the shipments of {@link #x12Shipments} (one large order) and moves the file into the inbox whole; returns
     * the shipment ids.
     */
    public List<String> dropX12Shipments(Path dataDir, String batch, int file, int shipments) {
        CharSequence x12 = x12Shipments(batch, file, shipments, List.of(ORDER), 0);
        moveIntoInbox(dataDir, x12ShipmentsFile(batch), out -> out.append(x12));
        List<String> ids = new ArrayList<>(shipments);
        for (int i = 1; i <= shipments; i++) {
            ids.add(shipmentId(batch, i));
        }
        return ids;
    }

    /** Writes {@code fileName} beside the inbox's files as {@code .part}, then moves it in whole. */
    public void moveIntoInbox(Path dataDir, String fileName, PartnerSftpClient.Body body) {
        try {
            Path inbox = Files.createDirectories(inbox(dataDir));
            Path staging = inbox.resolve(fileName + ".part");
            try (BufferedWriter out = Files.newBufferedWriter(staging)) {
                body.writeTo(out);
            }
            Files.move(staging, inbox.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The shipments CSV itself (2 lines a shipment, shipment i on {@code orders[(firstShipment + i - 1) % orders.size()]}),
     * for a drop or an SFTP upload; each shipment id is added to {@code ids}.
     */
    public static void writeShipmentsCsv(Appendable out, String batch, int shipments, List<String> orders,
                                         long firstShipment, List<String> ids) throws IOException {
        out.append("shipment_id,order_id,ship_date,ship_from,ship_to_customer,line_no,item,qty,uom,lot,carrier,tracking\n");
        for (int i = 1; i <= shipments; i++) {
            String id = shipmentId(batch, i);
            ids.add(id);
            String order = orders.get((int) ((firstShipment + i - 1) % orders.size()));
            out.append(id + "," + order + ",2026-11-26T14:05:00-05:00,NJ1,CUST-1001,1,ACM-0001,3,CA,L1,UPSN,T" + i + "\n");
            out.append(id + "," + order + ",2026-11-26T14:05:00-05:00,NJ1,CUST-1001,2,ACM-0107,8,EA,,UPSN,T" + i + "\n");
        }
    }

    /**
     * The same shipments as {@link #dropShipments} (2 lines each, ACM-0001 and ACM-0107, ids {@code SHP-<batch>-<i>})
     * as one X12 945 interchange of {@code shipments} transaction sets. Interchange control number = file, so each
     * file of a run needs its own (a repeated one is a replay to the hub).
     */
    public static CharSequence x12Shipments(String batch, int file, int shipments, List<String> orders,
                                             long firstShipment) {
        String control = String.format("%09d", 500_000 + file);
        StringBuilder x12 = new StringBuilder()
                .append("ISA*00*          *00*          *ZZ*ACME3PL        *ZZ*DOCKSIDE       *261126*1405*U*00401*")
                .append(control).append("*0*P*>~\n")
                .append("GS*SW*ACME3PL*DOCKSIDE*20261126*1405*").append(file).append("*X*004010~\n");
        for (int i = 1; i <= shipments; i++) {
            String st = String.format("%04d", i);
            String order = orders.get((int) ((firstShipment + i - 1) % orders.size()));
            x12.append("ST*945*").append(st).append("~\n")
                    .append("W06*N*").append(order).append("*20261126*").append(shipmentId(batch, i)).append("~\n")
                    .append("N1*ST*Harbor Kitchen Supply*91*CUST-1001~\n")
                    .append("N1*SF*ACME Logistics Edison*91*NJ1~\n")
                    .append("G62*11*20261126~\n")
                    .append("W27*M*UPSN~\n")
                    .append("LX*1~\n")
                    .append("W12*CC*3*3*0*CA**VN*ACM-0001~\n")
                    .append("LX*2~\n")
                    .append("W12*CC*8*8*0*EA**VN*ACM-0107~\n")
                    .append("W03*11*10.00*KG~\n")
                    .append("SE*12*").append(st).append("~\n");
        }
        x12.append("GE*").append(shipments).append("*").append(file).append("~\n")
                .append("IEA*1*").append(control).append("~\n");
        return x12;
    }

    /** Regular files waiting in the inbox (uploads in progress, *.part, are not counted). */
    long inboxFiles(Path dataDir) {
        Path inbox = inbox(dataDir);
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".part")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    public Path hubLog(String life) {
        return reports.resolve("hub-" + life + ".log");
    }

    public void cleanUp() {
        if (!Boolean.getBoolean("fault.keep")) {
            deleteTree(root);
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something listens on this loopback port (a database that is up). */
    static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException down) {
            return false;
        }
    }

    static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    /** A system property of words separated by spaces (JVM options, hub arguments); none if it is blank. */
    static List<String> wordsProperty(String name, String fallback) {
        String words = System.getProperty(name, fallback);
        return words.isBlank() ? List.of() : Arrays.asList(words.trim().split("\\s+"));
    }

    private static Path largeOrderConfig(Path target) throws IOException {
        Path source = projectDir().resolve("config");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path from : (Iterable<Path>) files::iterator) {
                Path to = target.resolve(source.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Files.writeString(target.resolve("masterdata/sales_orders.csv"),
                ORDER + ",1,US01,CUST-1001,MUG-RED,1000000000,EA,4.95,USD\n"
                        + ORDER + ",2,US01,CUST-1001,KETTLE-1L,1000000000,EA,29.00,USD\n",
                StandardOpenOption.APPEND);
        return target;
    }

    /**
     * Adds {@code count} more large sales orders ({@code prefix}-00001 ...), each with the two lines every dropped
     * shipment ships, to this workspace's config. Returns their numbers.
     */
    public List<String> addSalesOrders(String prefix, int count) {
        List<String> orders = new ArrayList<>(count);
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            String order = String.format("%s-%05d", prefix, i);
            orders.add(order);
            rows.append(order).append(",1,US01,CUST-1001,MUG-RED,1000000000,EA,4.95,USD\n")
                    .append(order).append(",2,US01,CUST-1001,KETTLE-1L,1000000000,EA,29.00,USD\n");
        }
        try {
            Files.writeString(config.resolve("masterdata/sales_orders.csv"), rows, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return orders;
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e);
        }
    }
}

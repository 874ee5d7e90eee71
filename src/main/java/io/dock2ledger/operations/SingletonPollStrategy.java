package io.dock2ledger.operations;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;

/**
 * A polling route that one hub instance at a time may run although every instance has it: {@code partner-sftp-pull}
 * (routes/partner-sftp-pull.camel.yaml), which fetches the files a partner leaves on its own SFTP server. Two hubs
 * polling the same remote folder both list a new file before either has moved it aside, and both fetch it: the file is
 * read twice (the posting ledger stops the second posting, but every document becomes a DUPLICATE and the partner's
 * server serves it twice).
 * <p>
 * Before each poll the route's consumer asks for the lease of the job {@code poll:<route id>} ({@link SingletonJobs},
 * the same lease as the timer jobs'): the holder polls and renews it; the others skip that poll. When the holder dies,
 * the next instance whose poll comes after the lease's expiry takes the folder over. The route id is the same on every
 * instance (the route is configured, not generated), so it names the remote folder across the cluster.
 * <p>
 * Why a lease and not the inbox's per-file claim ({@code intake.FileReadLocks}): that claim is keyed by a local path and
 * released when the file is moved, so an instance that listed the remote file before the move would claim it again
 * afterwards and fail on a file that is gone; and two instances polling a partner's server for nothing is load the
 * partner pays. A lease keeps one poller per folder, whatever the files.
 * <p>
 * A poll can outlast the lease (many files, each waited for until it stops changing): so the route renews the lease
 * again for each file it fetched ({@link #lost}) and leaves the file on the partner's server, for the new holder, when
 * another instance has taken the folder over meanwhile. The lease ({@code dock2ledger.cluster.job-lease}, 3 minutes)
 * must outlast the route's poll period and the fetch of one file.
 */
public class SingletonPollStrategy implements PollingConsumerPollStrategy {

    private final SingletonJobs jobs;
    private final PollingConsumerPollStrategy delegate;

    /**
     * @param delegate what a poll does otherwise (for SFTP: Camel's remote-file strategy, which disconnects after a
     *                 failed poll so that the next one reconnects)
     */
    public SingletonPollStrategy(SingletonJobs jobs, PollingConsumerPollStrategy delegate) {
        this.jobs = jobs;
        this.delegate = delegate;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return jobs.claim(job(consumer, endpoint)) && delegate.begin(consumer, endpoint);
    }

    /**
     * For each file a poll fetched, before it is handed on: renews the lease, and answers true when another instance
     * holds the folder now (this poll outlasted the lease), so the route rolls the file back and leaves it to that one.
     */
    public boolean lost(String routeId) {
        return !jobs.claim(job(routeId));
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        delegate.commit(consumer, endpoint, polledMessages);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
        return delegate.rollback(consumer, endpoint, retryCounter, cause);
    }

    /** The lease's name: {@code poll:} and the route id (the endpoint's key for a consumer outside a route). */
    static String job(Consumer consumer, Endpoint endpoint) {
        String routeId = consumer instanceof RouteIdAware route ? route.getRouteId() : null;
        return job(routeId != null ? routeId : endpoint.getEndpointKey());
    }

    private static String job(String folder) {
        String job = "poll:" + folder;
        // hub_job_lease.job is varchar(100)
        return job.length() <= 100 ? job : "poll:" + Integer.toHexString(job.hashCode());
    }
}

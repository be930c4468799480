package io.github.meteorjob.server.store;

import java.util.List;

/**
 * One page of a job query over a {@link JobStore}: the ids of the page in order, and how many jobs matched.
 *
 * @param total jobs matching the filter before paging
 * @param ids   the page's job ids, in the requested order
 */
public record JobIdPage(long total, List<String> ids) {

    public JobIdPage {
        ids = List.copyOf(ids);
    }
}

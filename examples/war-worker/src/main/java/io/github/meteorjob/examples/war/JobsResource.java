package io.github.meteorjob.examples.war;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import io.github.meteorjob.Collection;
import io.github.meteorjob.GetJobOptions;
import io.github.meteorjob.Job;
import io.github.meteorjob.JobCollection;
import io.github.meteorjob.JobFailure;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /jobs} saves a {@code sendEmail} job and answers 201 with its id; {@code GET /jobs/{id}} reports its
 * status (and failures).
 */
@Path("jobs")
@RequestScoped
public class JobsResource {

    /** The answer of both endpoints. */
    public record JobView(String id, String type, String status, List<String> failures) {
    }

    @Inject
    @Collection("warJobs")
    JobCollection jobs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(MailRequest mail) {
        if (mail == null) {
            throw new BadRequestException("a JSON body {\"to\": ..., \"subject\": ...} is required");
        }
        Job job = jobs.createJob("sendEmail", mail).retry(0);
        String id = job.saveAndWait();
        return Response.created(URI.create("jobs/" + id))
                .entity(new JobView(id, job.type(), "waiting", List.of()))
                .build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public JobView status(@PathParam("id") String id) {
        Optional<Job> job = jobs.getJob(id, new GetJobOptions(false, true)).toCompletableFuture().join();
        Job found = job.orElseThrow(() -> new NotFoundException("no job " + id));
        return new JobView(found.id(), found.type(), found.status().wireName(),
                found.failures().stream().map(JobFailure::message).toList());
    }
}

package anquanli.leaderboard;

import anquanli.common.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Recomputes a campaign's boards from the ledger: the national office's recovery tool. */
@Path("/api/v1/admin/campaigns/{id}/leaderboards")
@Produces(MediaType.APPLICATION_JSON)
public class LeaderboardRebuildResource {

    private final LeaderboardRebuilder rebuilder;
    private final LeaderboardService boards;

    public LeaderboardRebuildResource(LeaderboardRebuilder rebuilder, LeaderboardService boards) {
        this.rebuilder = rebuilder;
        this.boards = boards;
    }

    @POST
    @Path("/rebuild")
    @RolesAllowed(Roles.NATIONAL_ADMIN)
    public Uni<LeaderboardRebuilder.Report> rebuild(@PathParam("id") long id) {
        boards.campaign(id);
        return rebuilder.rebuild(id);
    }
}

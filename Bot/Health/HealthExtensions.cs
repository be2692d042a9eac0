using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Health;

public static class HealthExtensions
{
    /// <summary>/healthz: 200 "ok" when the database answers, 503 otherwise (the reason goes to the log, not the page).</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", async (IntakeDbContext db, ILogger<HealthCheck> logger, CancellationToken cancellationToken) =>
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return Results.Text("ok");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Health check: the database does not answer");
                return Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}

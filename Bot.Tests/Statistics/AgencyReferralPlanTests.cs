using ChatIntake.Statistics;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Statistics;

/// <summary>The league's agency rows ask every ticket of a period whether it was ever referred: that must not read each ticket's events.</summary>
[Trait("Database", "SqliteOnly")] // the plan asked for is SQLite's; PostgreSQL chooses its plan from its own statistics
public sealed class AgencyReferralPlanTests
{
    [Fact]
    public async Task Tickets_ever_referred_to_an_agency_are_found_through_the_referral_index()
    {
        var file = Path.Combine(Path.GetTempPath(), $"referral-plan-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            var sql = TicketStatistics.ReferredToAgency(db.Tickets).Select(t => t.Id).ToQueryString();
            var plan = await SqlitePlan.ExplainAsync(db, sql);

            Assert.True(plan.Any(step => step.Contains("IX_TicketEvents_AgencyReferred", StringComparison.Ordinal)), string.Join('\n', plan));
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }
}

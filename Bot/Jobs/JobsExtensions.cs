using Microsoft.Extensions.Options;
using Quartz;

namespace ChatIntake.Jobs;

public static class JobsExtensions
{
    /// <summary>
    /// Scheduled work on Quartz with its store in the product's database, so schedules survive restarts. The jobs read
    /// what is due from the tickets themselves; Quartz decides when they look.
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<FollowUpOptions>().BindConfiguration("FollowUps").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FollowUpSweep>();
        builder.Services.AddSingleton<StaffReminders>();
        builder.Services.AddSingleton<DailyDigest>();
        builder.Services.AddSingleton<JobRuns>();
        builder.Services.AddSingleton<ScheduleReport>();
        // The store's dialect is fixed when the scheduler is described (the connection string is read later, by name).
        var postgres = builder.Configuration["Database:Provider"] == "Postgres";
        builder.AddQuartz(quartz =>
        {
            // Every job asks for recovery: each is a sweep that skips what is already done, so when a clustered instance dies
            // mid-run another runs it again from the start instead of leaving it to the next firing.
            quartz.AddJob<FollowUpJob>(job => job.WithIdentity(FollowUpJob.Key).StoreDurably().RequestRecovery().DisallowConcurrentExecution());

            // Settings are read from the container: hosts in tests override configuration after this runs.
            quartz.AddTrigger<FollowUpJob>((services, trigger) => trigger
                .ForJob(FollowUpJob.Key)
                .WithIdentity("follow-ups-interval", "chatintake")
                .StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(services.GetRequiredService<IOptions<FollowUpOptions>>().Value.Interval)
                    .RepeatForever()
                    // After downtime one run catches up on everything due; there is no point in replaying each missed minute.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            quartz.AddJob<DailyDigestJob>(job => job.WithIdentity(DailyDigestJob.Key).StoreDurably().RequestRecovery().DisallowConcurrentExecution());
            quartz.AddTrigger<DailyDigestJob>((services, trigger) =>
            {
                var at = services.GetRequiredService<IOptions<FollowUpOptions>>().Value.DigestAt.Split(':');
                var zone = TimeZoneInfo.FindSystemTimeZoneById(services.GetRequiredService<IOptions<ChatIntake.Dialogs.Intake.IntakeOptions>>().Value.TimeZone);
                trigger.ForJob(DailyDigestJob.Key).WithIdentity("daily-digest-at", "chatintake")
                    // Cron with seconds: "0 mm HH * * ?" every day at the city's local time.
                    .WithSchedule(CronScheduleBuilder.Create($"0 {int.Parse(at[1], System.Globalization.CultureInfo.InvariantCulture)} {int.Parse(at[0], System.Globalization.CultureInfo.InvariantCulture)} * * ?").InTimeZone(zone));
            });
            quartz.AddJob<WebChatRetentionJob>(job => job.WithIdentity(WebChatRetentionJob.Key).StoreDurably().RequestRecovery().DisallowConcurrentExecution());
            quartz.AddTrigger<WebChatRetentionJob>((_, trigger) => trigger.ForJob(WebChatRetentionJob.Key).WithIdentity("webchat-retention-hourly", "chatintake")
                .StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromHours(1)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            // The cron trigger is registered anew at every start, so a digest time passed while the service was down is
            // never a misfire; this one-off run at start sends what was missed (at most once a day per reader).
            quartz.AddTrigger<DailyDigestJob>((_, trigger) => trigger.ForJob(DailyDigestJob.Key).WithIdentity(DailyDigestJob.AtStart).StartNow());
            quartz.UsePersistentStore(store =>
            {
                if (postgres)
                {
                    // Every instance's scheduler shares the tables; row locks in the database make each firing run once.
                    store.UsePostgres(source => source.ConnectionStringName = "Intake");
                    store.UseClustering(_ => { });
                }
                else
                {
                    store.UseSqlite(source => source.ConnectionStringName = "Intake");
                }

                store.UseSystemTextJsonSerializer(_ => { });
                store.ProvisionSchema();
            });
        });
        builder.AddQuartzHostedService(hosting => hosting.WaitForJobsToComplete = true);
        return builder;
    }
}

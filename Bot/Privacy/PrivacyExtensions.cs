using Microsoft.Extensions.Options;
using Quartz;

namespace ChatIntake.Privacy;

public static class PrivacyExtensions
{
    /// <summary>
    /// Citizens' data: retention by age (a Quartz job; Privacy:RetentionEnabled=false turns it off), /mydata copies made
    /// when sent, /forget erasure staged in the citizen's turn, and the deletion of files after the commits that orphan them.
    /// </summary>
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().BindConfiguration("Privacy").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<PlaceholderCitizen>();
        builder.Services.AddSingleton<StoredFileEraser>();
        builder.Services.AddSingleton<CitizenDataExport>();
        builder.Services.AddSingleton<CitizenDataDesks>();
        builder.Services.AddSingleton<PrivacyRetention>();
        builder.Services.AddQuartz(quartz =>
        {
            quartz.AddJob<PrivacyRetentionJob>(job => job.WithIdentity(PrivacyRetentionJob.Key).StoreDurably().RequestRecovery().DisallowConcurrentExecution());
            // Settings are read from the container: hosts in tests override configuration after this runs.
            quartz.AddTrigger<PrivacyRetentionJob>((services, trigger) => trigger.ForJob(PrivacyRetentionJob.Key).WithIdentity("privacy-retention-interval", "chatintake")
                .StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(services.GetRequiredService<IOptions<PrivacyOptions>>().Value.RetentionInterval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        });
        return builder;
    }
}

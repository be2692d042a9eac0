using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Conversations;

public static class ConversationsExtensions
{
    /// <summary>The inbox, the ordered turn processor and the citizen dialogs they run.</summary>
    public static WebApplicationBuilder AddConversations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration("Intake").ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Intake:TimeZone is not a known time zone.")
            .Validate(o => o.DescriptionMinLength < o.DescriptionMaxLength, "Intake:DescriptionMinLength must be below DescriptionMaxLength.")
            .ValidateOnStart();
        builder.Services.AddOptions<LanguageOptions>().BindConfiguration("Localization").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PipelineOptions>().BindConfiguration("Pipeline").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IntakeOptions>>().Value);
        // The host's own catalog: administrators' edits are laid over it from this installation's database (TextOverrideRefresher).
        builder.Services.AddSingleton<TextCatalog>();
        builder.Services.AddSingleton<PromptOptionsStore>();
        builder.Services.AddSingleton<ChatIntake.Dialogs.Engine.IPromptOptionsStore>(sp => sp.GetRequiredService<PromptOptionsStore>());
        builder.Services.AddSingleton<TurnQueue>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Inbox>());
        builder.Services.AddSingleton<TurnProcessor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TurnProcessor>());
        return builder;
    }
}

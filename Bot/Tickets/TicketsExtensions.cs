using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets;

public static class TicketsExtensions
{
    /// <summary>The ticket slice: the workflow that owns every change, the desk the dialogs use, categories, places, the calendar and files.</summary>
    public static WebApplicationBuilder AddTickets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AttachmentOptions>().BindConfiguration("Attachments")
            .Validate(o => o.Folder is null || o.Folder.IndexOfAny(Path.GetInvalidPathChars()) < 0, "Attachments:Folder must be a folder path.").ValidateOnStart();
        builder.Services.AddSingleton<AttachmentStore>();
        builder.Services.AddOptions<CalendarOptions>().BindConfiguration("Calendar").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CalendarOptions>, CalendarOptionsValidator>();
        builder.Services.AddSingleton<WorkingCalendar>();
        builder.Services.AddSingleton<NewFilesSignal>();
        builder.Services.AddSingleton<AttachmentDownloader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AttachmentDownloader>());
        builder.Services.AddSingleton<CategoryCatalog>();
        builder.Services.AddSingleton<DepartmentCatalog>();
        builder.Services.AddSingleton<ServiceArea>();
        builder.Services.AddSingleton<TrackingCodeGenerator>();
        // The workflow audits staff actions with the request's address when there is one.
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<TicketWorkflow>();
        builder.Services.AddSingleton<TicketDeskFactory>();
        builder.Services.AddSingleton<AfterPhotoUpload>();
        builder.Services.AddSingleton<TicketFiles>();
        builder.Services.AddSingleton<Search.SqliteTicketSearch>();
        builder.Services.AddSingleton<Search.PostgresTicketSearch>();
        // Chosen when first asked for: hosts in tests set Database:Provider after this runs.
        builder.Services.AddSingleton<Search.ITicketSearch>(sp => sp.GetRequiredService<IOptions<Data.DatabaseOptions>>().Value.IsPostgres
            ? sp.GetRequiredService<Search.PostgresTicketSearch>()
            : sp.GetRequiredService<Search.SqliteTicketSearch>());
        builder.Services.AddSingleton<Search.TicketCounts>();
        builder.Services.AddHostedService<Search.TicketIndexesInitializer>();
        builder.Services.AddOptions<Search.SearchIndexOptions>().BindConfiguration("SearchIndex").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<Search.TicketSearchFollower>();
        return builder;
    }
}

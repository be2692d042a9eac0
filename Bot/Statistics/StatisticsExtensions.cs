using ChatIntake.Tickets;

namespace ChatIntake.Statistics;

public static class StatisticsExtensions
{
    /// <summary>Figures computed from tickets and their events, and kept pre-aggregated per day; the panel's dashboard pages render them.</summary>
    public static WebApplicationBuilder AddStatistics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FiguresCalculator>();
        builder.Services.AddSingleton<TicketStatistics>();
        builder.Services.AddSingleton<WeeklyCycle>();
        builder.Services.AddSingleton<DailyFigures>();
        builder.Services.AddHostedService<DailyFiguresKeeper>();
        builder.Services.AddSingleton(services => new CsvExport(services.GetRequiredService<WorkingCalendar>().Zone));
        return builder;
    }
}

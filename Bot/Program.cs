using ChatIntake.Admin;
using ChatIntake.Channels;
using ChatIntake.Channels.DirectLine;
using ChatIntake.Channels.Telegram;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Health;
using ChatIntake.Hosting;
using ChatIntake.Jobs;
using ChatIntake.Open311;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Security;
using ChatIntake.Statistics;
using ChatIntake.Tickets;

// The content root is the build output, where the repository's one appsettings.json (and the seed data) is copied.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton(TimeProvider.System);

builder.AddProxy();
builder.AddDatabase();
builder.AddTickets();
builder.AddConversations();
builder.AddOutbox();
builder.AddChannels();
builder.AddTelegramChannel();
builder.AddDirectLine();
builder.AddAdmin();
builder.AddJobs();
builder.AddOpen311();
builder.AddPrivacy();
builder.AddStatistics();

var app = builder.Build();
if (AdminCommand.IsCommand(args))
{
    // An operator's command (reset-password) runs against the database and exits; the service does not start.
    Environment.ExitCode = await AdminCommand.RunAsync(app.Services, args, Console.Out, Console.Error, CancellationToken.None);
    return;
}

app.UseProxy();
app.UseSecurityHeaders();
app.MapHealth();
app.MapTelegramWebhooks();
app.MapDirectLine();
app.MapAdmin();
app.MapOpen311();
app.MapLanding();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

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
app.UseProxy();
app.UseSecurityHeaders();
app.MapHealth();
app.MapTelegramWebhooks();
app.MapDirectLine();
app.MapAdmin();
app.MapOpen311();
app.MapGet("/", () => Results.Text("ChatIntake is running. Health: /healthz"));
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

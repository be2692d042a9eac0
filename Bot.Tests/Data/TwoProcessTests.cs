using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ChatIntake.Outbox;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Channels.DirectLine;
using ChatIntake.Tests.Channels.Telegram;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace ChatIntake.Tests.Data;

/// <summary>
/// Two real processes of the product on one PostgreSQL database, in Telegram's webhook mode, as behind a load balancer
/// that sends any request to either (issue 17). PostgreSQL only; each test starts its own pair (<see cref="TwoBotProcesses"/>).
/// </summary>
[Trait("Database", "PostgresOnly")]
public sealed class TwoProcessTests(ITestOutputHelper output)
{
    private const string Address = "Azadi Street, opposite Laleh Park, third alley";
    private const string Description = "The street light in front of number 12 has been dark for a week.";
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task One_chats_updates_delivered_alternately_to_both_instances_keep_their_order_and_file_one_ticket()
    {
        await using var two = await TwoBotProcesses.StartAsync("one-chat");
        const long chat = 9_100_001;

        // Telegram sends a chat's next update once the previous one is answered 200, not once the bot has replied.
        string[] says = ["/start", "📝 New report", "Street Lighting", Address, Description, "Skip"];
        for (var i = 0; i < says.Length; i++)
        {
            await two.DeliverOkAsync(two.Both[i % 2], TwoBotProcesses.Text(chat, says[i]));
        }

        // Each update's turn must run in arrival order whichever instance took it: the dialog reaches its summary only then.
        string[] expected = ["Hello!", "What is the problem about?", "Where is it?", "Address received", "Would you like to add photos?", "Please check your report"];
        string turnOrder;
        await using (var db = two.CreateDbContext())
        {
            await Eventually.UntilAsync(() => db.Inbox.CountAsync(m => m.ProcessedAt != null), n => n == says.Length, "every update to be turned", ReplyTimeout);
            var turned = await db.Inbox.OrderBy(m => m.ProcessedAt).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync();
            var arrived = turned.Order().ToList();
            turnOrder = string.Join(", ", turned.Select(id => arrived.IndexOf(id) + 1));
        }

        var replies = await Eventually.UntilAsync(() => two.Api.AcceptedFor(chat).Select(s => s.Text).ToList(), r => r.Count >= says.Length,
            "a reply to each update", ReplyTimeout, r => string.Join(" | ", r));
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything more the turns staged
        replies = [.. two.Api.AcceptedFor(chat).Select(s => s.Text)];
        var at = expected.Select(e => replies.FindIndex(r => r.Contains(e, StringComparison.Ordinal))).ToList();
        Assert.True(at.All(i => i >= 0) && at.SequenceEqual(at.Order()) && replies.Count == says.Length,
            $"the turns ran out of order (updates 1–{says.Length}, alternately to A and B, were turned in the order {turnOrder}): {replies.Count} replies, positions {string.Join(", ", at)} of {string.Join(" | ", expected)} in:\n{string.Join("\n---\n", replies)}");

        var summary = two.Api.AcceptedFor(chat).Last();
        await two.DeliverOkAsync(two.Both[says.Length % 2], TwoBotProcesses.Press(chat, "confirm", summary.MessageId));
        await RepliedAsync(two, chat, "Your report is registered");
        Assert.Equal(says.Length + 1, two.Api.AcceptedFor(chat).Count);

        await using var check = two.CreateDbContext();
        var ticket = await check.Tickets.SingleAsync();
        Assert.Equal(Address, ticket.AddressText);
        Assert.Equal(Description, ticket.Description);
        Assert.Equal(says.Length + 1, await check.Inbox.CountAsync(m => m.ProcessedAt != null));
    }

    [Fact]
    public async Task A_staff_reply_made_on_one_instance_reaches_a_web_chat_polling_the_other()
    {
        await using var two = await TwoBotProcesses.StartAsync("webchat");

        // The citizen's page talks to B only.
        var chat = await DirectLineTestClient.StartAsync(two.B.Http);
        var seen = 0;
        async Task SaysAsync(Func<Task> send, string answer)
        {
            await send();
            seen = await BotSaysAsync(chat, seen, answer);
        }

        await SaysAsync(() => chat.SaysAsync("/new"), "What is the problem about?");
        await SaysAsync(() => chat.SaysAsync("Street Lighting"), "Where is it?");
        await SaysAsync(() => chat.SendsEventAsync("location", "35.725,51.37"), "Location received");
        await SaysAsync(() => chat.SaysAsync(Description), "Would you like to add photos?");
        await SaysAsync(() => chat.SaysAsync("Skip"), "Please check your report");
        await SaysAsync(() => chat.SaysAsync("Submit"), "Your report is registered");
        long ticket;
        await using (var db = two.CreateDbContext())
        {
            var citizen = await db.Conversations.Where(c => c.ExternalChatId == chat.ConversationId).Select(c => c.CitizenId).SingleAsync();
            ticket = await db.Tickets.Where(t => t.CitizenId == citizen).Select(t => t.Id).SingleAsync();
        }

        // Staff sign in on A and reply there.
        using var staff = new StaffClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = two.A.BaseAddress });
        var signIn = await staff.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = TwoBotProcesses.AdminPassword });
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in on A answered {(int)signIn.StatusCode}");
        var page = $"/admin/tickets/{ticket}";
        var replied = await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew will come tomorrow morning." }, page);
        Assert.True(replied.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"the reply on A answered {(int)replied.StatusCode}");

        await BotSaysAsync(chat, seen, "A crew will come tomorrow morning.");
    }

    [Fact]
    public async Task A_survey_is_sent_once_though_both_processes_schedulers_run()
    {
        // Both schedulers run the follow-up job every second on one clustered store; the survey falls due 5 s after resolving.
        await using var two = await TwoBotProcesses.StartAsync("survey", new Dictionary<string, string?>
        {
            ["FollowUps:SurveyAfter"] = "00:00:05",
            ["FollowUps:Interval"] = "00:00:01",
        });
        const long chat = 9_400_001;
        (string Says, string Answer)[] steps = [("/new", "What is the problem about?"), ("Street Lighting", "Where is it?"), (Address, "Address received"),
            (Description, "Would you like to add photos?"), ("Skip", "Please check your report")];
        foreach (var (says, answer) in steps)
        {
            await two.DeliverOkAsync(two.A, TwoBotProcesses.Text(chat, says));
            await RepliedAsync(two, chat, answer);
        }

        var summary = two.Api.AcceptedFor(chat).Last();
        await two.DeliverOkAsync(two.A, TwoBotProcesses.Press(chat, "confirm", summary.MessageId));
        await RepliedAsync(two, chat, "Your report is registered");
        long ticket;
        await using (var db = two.CreateDbContext())
        {
            ticket = await db.Tickets.Select(t => t.Id).SingleAsync();
        }

        // Staff resolve it on B.
        using var staff = new StaffClient(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = two.B.BaseAddress });
        var signIn = await staff.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = TwoBotProcesses.AdminPassword });
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in on B answered {(int)signIn.StatusCode}");
        var page = $"/admin/tickets/{ticket}";
        var resolved = await staff.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page);
        Assert.True(resolved.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"resolving on B answered {(int)resolved.StatusCode}");

        await RepliedAsync(two, chat, "Is the problem fixed?");
        await Task.Delay(TimeSpan.FromSeconds(5)); // five more firings of the job on the cluster
        Assert.Single(two.Api.AcceptedFor(chat), m => m.Text.Contains("Is the problem fixed?", StringComparison.Ordinal));
        await using var check = two.CreateDbContext();
        Assert.Equal(1, await check.Outbox.CountAsync(m => m.TicketId == ticket && m.Payload.Contains("survey:")));
    }

    [Fact]
    public async Task The_sender_killed_during_a_load_of_many_citizens_loses_nothing_and_the_survivor_carries_on()
    {
        await using var two = await TwoBotProcesses.StartAsync("kill");
        const int chats = 40;
        (string Says, string Answer)[] steps = [("/new", "What is the problem about?"), ("Street Lighting", "Where is it?"), (Address, "Address received"), (Description, "Would you like to add photos?")];
        var acknowledged = 0;
        var redelivered = 0;
        BotProcess? killed = null;
        var updates = new ConcurrentBag<long>();

        // Each citizen waits for the bot's answer before the next message, and Telegram delivers through the balancer,
        // which alternates; an update not answered 200 is delivered again, to whichever instance still answers.
        async Task CitizenAsync(int index)
        {
            var chat = 9_200_000L + index;
            for (var step = 0; step < steps.Length; step++)
            {
                var update = TwoBotProcesses.Text(chat, steps[step].Says);
                updates.Add(update["update_id"]!.GetValue<long>());
                for (var attempt = 0; ; attempt++)
                {
                    var preferred = two.Both[(index + step + attempt) % 2];
                    var to = preferred == Volatile.Read(ref killed) ? two.Both.Single(p => p != preferred) : preferred;
                    if (await two.DeliverAsync(to, update) == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref acknowledged);
                        break;
                    }

                    Assert.True(attempt < 10, $"update {update["update_id"]} of chat {chat} was never answered 200");
                    Interlocked.Increment(ref redelivered);
                    await Task.Delay(200);
                }

                await RepliedAsync(two, chat, steps[step].Answer);
            }
        }

        var load = Stopwatch.StartNew();
        var citizens = Enumerable.Range(0, chats).Select(i => Task.Run(() => CitizenAsync(i))).ToList();

        // A third of the way through, the instance that sends the outbox dies without a word.
        await Eventually.UntilAsync(() => Volatile.Read(ref acknowledged) >= chats * steps.Length / 3, "a third of the updates to be taken", TimeSpan.FromSeconds(45));
        var sender = two.Both.LastOrDefault(p => p.Log().Contains("This instance is now the outbox sender", StringComparison.Ordinal)) ?? two.A;
        var killedAt = two.Api.Now;
        sender.Kill();
        Volatile.Write(ref killed, sender);
        var survivor = two.Both.Single(p => p != sender);
        output.WriteLine($"killed {sender.Name} (the outbox sender) at {killedAt:0.00} s, after {acknowledged} of {chats * steps.Length} updates were taken");

        var all = Task.WhenAll(citizens);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(75)));
        var missing = Enumerable.Range(0, chats).Select(i => 9_200_000L + i)
            .Where(chat => !steps.All(s => two.Api.AcceptedFor(chat).Any(m => m.Text.Contains(s.Answer, StringComparison.Ordinal)))).ToList();
        await using (var db = two.CreateDbContext())
        {
            var unprocessed = await db.Inbox.Where(m => m.ProcessedAt == null).Select(m => m.ExternalChatId + "#" + m.ExternalUpdateId).ToListAsync();
            Assert.True(all.IsCompletedSuccessfully && missing.Count == 0,
                $"{missing.Count} chats did not get all their answers ({string.Join(", ", missing.Take(10))}); inbox rows never processed: " +
                $"{string.Join(", ", unprocessed)}; {(all.Exception?.InnerExceptions.FirstOrDefault()?.Message ?? "")}\nsurvivor's log ends:\n{survivor.LogTail(20)}");
            Assert.Equal(updates.Count, await db.Inbox.CountAsync(m => m.ProcessedAt != null));
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.State == OutboxState.Failed));
        }

        // What went out twice: the same text to the same chat beyond the one each step asked for.
        var duplicates = two.Api.Accepted.Where(s => s.ChatId >= 9_200_000 && s.ChatId < 9_200_000 + chats)
            .GroupBy(s => (s.ChatId, s.Text)).Sum(g => g.Count() - 1);
        output.WriteLine($"{chats} citizens, {updates.Count} updates ({redelivered} deliveries repeated after the kill), " +
            $"{two.Api.Accepted.Count} messages accepted in {load.Elapsed.TotalSeconds:0.0} s, {duplicates} sent twice, {two.Api.RateLimited} answered 429");

        // The survivor carries on: a new citizen is answered.
        const long newcomer = 9_299_999;
        await two.DeliverOkAsync(survivor, TwoBotProcesses.Text(newcomer, "/start"));
        await RepliedAsync(two, newcomer, "Hello!");
    }

    [Fact]
    public async Task Two_instances_together_keep_within_telegrams_pace_for_the_bot_and_for_each_chat()
    {
        await using var two = await TwoBotProcesses.StartAsync("pace");
        const int chats = 60;
        string[] says = ["/start", "📝 New report", "Street Lighting"];

        // Each chat writes to one instance (half the chats to each), three messages as fast as they are taken.
        var started = two.Api.Now;
        await Task.WhenAll(Enumerable.Range(0, chats).Select(i => Task.Run(async () =>
        {
            foreach (var text in says)
            {
                await two.DeliverOkAsync(two.Both[i % 2], TwoBotProcesses.Text(9_300_000L + i, text));
            }
        })));
        await Eventually.UntilAsync(() => two.Api.Accepted.Count(s => s.ChatId >= 9_300_000), accepted => accepted >= chats * says.Length,
            $"{chats * says.Length} replies to be accepted", TimeSpan.FromSeconds(60), accepted => $"{accepted} accepted, {two.Api.RateLimited} answered 429");

        var (busiest, from) = two.Api.BusiestSecond(started);
        var busiestChat = two.Api.Accepted.Where(s => s.ChatId >= 9_300_000).GroupBy(s => s.ChatId).Max(g => Busiest(g.Select(s => s.At)));
        var span = two.Api.Accepted.Where(s => s.ChatId >= 9_300_000).Max(s => s.At) - two.Api.Accepted.Where(s => s.ChatId >= 9_300_000).Min(s => s.At);
        output.WriteLine($"{chats * says.Length} replies in {span:0.0} s; busiest second: {busiest} (from {from - started:0.00} s); busiest chat second: {busiestChat}; 429s: {two.Api.RateLimited}");
        // The stand-in answers 429 as Telegram does past its buckets (30/s for the bot with a short burst, 1/s per chat):
        // none may come, and in any two seconds the two instances together send no more than 30 a second and one burst
        // (two windows' worth of a second instance sending on its own would be twice that).
        Assert.Equal(0, two.Api.RateLimited);
        var busiestTwo = Busiest(two.Api.Accepted.Where(s => s.ChatId >= 9_300_000).Select(s => s.At), seconds: 2);
        Assert.True(busiestTwo <= 2 * LimitedBotApi.PerBotPerSecond + LimitedBotApi.PerBotBurst,
            $"{busiestTwo} messages within two seconds (busiest single second {busiest}, from {from - started:0.00} s; {chats * says.Length} in {span:0.0} s)");
        Assert.True(busiestChat <= LimitedBotApi.PerChatBurst, $"one chat got {busiestChat} messages within one second");
    }

    /// <summary>Waits for the message to the chat that contains <paramref name="part"/>.</summary>
    private static async Task<LimitedBotApi.Sent> RepliedAsync(TwoBotProcesses two, long chat, string part)
    {
        var replies = await Eventually.UntilAsync(() => two.Api.AcceptedFor(chat), r => r.Any(m => m.Text.Contains(part, StringComparison.Ordinal)),
            $"chat {chat} to be told \"{part}\"", ReplyTimeout, r => string.Join(" | ", r.Select(m => m.Text[..Math.Min(m.Text.Length, 60)])));
        return replies.First(m => m.Text.Contains(part, StringComparison.Ordinal));
    }

    /// <summary>Polls the conversation's whole history, as a reopened page would, until a bot activity after the first <paramref name="seen"/> contains <paramref name="part"/>; returns how many the bot has said.</summary>
    private static async Task<int> BotSaysAsync(DirectLineTestClient chat, int seen, string part)
    {
        var said = await Eventually.UntilAsync(async () =>
        {
            var (activities, _) = await chat.ReadAsync();
            return activities.Where(a => a["from"]!["role"]!.GetValue<string>() == "bot").ToList();
        }, bot => bot.Skip(seen).Any(a => a["text"]?.GetValue<string>().Contains(part, StringComparison.Ordinal) == true),
            $"the web chat to show \"{part}\"", ReplyTimeout, bot => DirectLineTestClient.Text(bot));
        return said.Count;
    }

    /// <summary>The most messages within any window of <paramref name="seconds"/>.</summary>
    private static int Busiest(IEnumerable<double> at, double seconds = 1)
    {
        var times = at.Order().ToArray();
        var best = 0;
        for (int first = 0, last = 0; last < times.Length; last++)
        {
            while (times[last] - times[first] >= seconds)
            {
                first++;
            }

            best = Math.Max(best, last - first + 1);
        }

        return best;
    }
}

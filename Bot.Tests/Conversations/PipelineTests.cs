using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Conversations;

/// <summary>The durable inbox → turn → outbox path: redeliveries, restarts, retries and permanent failures.</summary>
public sealed class PipelineTests
{
    [Fact]
    public async Task The_same_update_delivered_twice_creates_one_ticket()
    {
        await using var bot = new BotApplicationFactory();
        var citizen = bot.Citizen("twice", "en");
        await citizen.ReachesSummaryAsync();

        var submit = new InboundUpdate(TestChannel.ChannelName, "submit-once", "twice",
            new Activity { Text = "✅ Submit", From = new ChannelAccount("user-twice", null, "en") });
        var first = await bot.DeliverAsync(submit);
        var again = await bot.DeliverAsync(submit);

        Assert.True(first.Accepted);
        Assert.False(again.Accepted);
        await using var db = bot.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.Inbox.CountAsync(m => m.ExternalUpdateId == "submit-once"));
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // instances sharing PostgreSQL store first and turn under the conversation's lock (ConversationOrder)
    public async Task An_update_is_turned_in_the_commit_that_stores_it()
    {
        await using var bot = new BotApplicationFactory(configureServices: BotApplicationFactory.ServicesMayBeStopped);
        var processor = bot.Service<TurnProcessor>();

        // The queue's workers stopped: an update stored and left for them would stay unturned.
        await processor.StopAsync(CancellationToken.None);
        var committed = new System.Collections.Concurrent.ConcurrentBag<long>();
        void OnCommitted(IReadOnlyList<long> ids)
        {
            foreach (var id in ids)
            {
                committed.Add(id);
            }
        }

        processor.TurnsCommitted += OnCommitted;
        try
        {
            var update = new InboundUpdate(TestChannel.ChannelName, "arrival-1", "arrival", new Activity { Text = "/start", From = new ChannelAccount("user-arrival", null, "en") });
            var id = await bot.Service<Inbox>().AcceptWithIdAsync(update, CancellationToken.None);

            // Acknowledged only once the turn is saved: its row is done and its reply staged by the time the channel hears "accepted".
            Assert.NotNull(id);
            Assert.Contains(id.Value, committed);
            await using var db = bot.CreateDbContext();
            var stored = await db.Inbox.SingleAsync(m => m.Id == id);
            Assert.NotNull(stored.ProcessedAt);
            Assert.Null(stored.Error);
            Assert.Equal("/start", ActivityJson.Deserialize(stored.Payload).Text);
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.ExternalChatId == "arrival"));
        }
        finally
        {
            processor.TurnsCommitted -= OnCommitted;
        }
    }

    [Fact]
    public async Task A_citizens_second_chat_starts_a_conversation_of_the_same_citizen_in_their_language()
    {
        await using var bot = new BotApplicationFactory();
        var inbox = bot.Service<Inbox>();
        var from = new ChannelAccount("user-two-chats", null, "en");
        await inbox.AcceptAsync(new InboundUpdate(TestChannel.ChannelName, "two-1", "chat-a", new Activity { Text = "/start", From = from }), CancellationToken.None);
        await inbox.AcceptAsync(new InboundUpdate(TestChannel.ChannelName, "two-2", "chat-a", new Activity { Text = "/lang fa", From = from }), CancellationToken.None);
        await Eventually.UntilAsync(
            async () => { await using var read = bot.CreateDbContext(); return await read.Citizens.Where(c => c.ExternalUserId == "user-two-chats").Select(c => c.Language).SingleOrDefaultAsync(); },
            language => language == "fa", "the citizen's choice of Persian to be saved");

        // The same person from another chat (a group, another device): their citizen row is found, not made again.
        await inbox.AcceptAsync(new InboundUpdate(TestChannel.ChannelName, "two-3", "chat-b", new Activity { Text = "/help", From = from }), CancellationToken.None);

        // Stored, then turned: on PostgreSQL an update is acknowledged once stored, before its turn.
        var help = await Eventually.UntilAsync(
            async () => { await using var read = bot.CreateDbContext(); return await read.Outbox.Where(m => m.ExternalChatId == "chat-b").Select(m => m.Payload).ToListAsync(); },
            replies => replies.Count > 0, "the second chat's answer to be staged");
        await using var db = bot.CreateDbContext();
        var citizen = await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-two-chats");
        Assert.Equal("fa", citizen.Language);
        var conversations = await db.Conversations.Where(c => c.ExternalChatId == "chat-a" || c.ExternalChatId == "chat-b").ToListAsync();
        Assert.Equal(2, conversations.Count);
        Assert.All(conversations, c => Assert.Equal(citizen.Id, c.CitizenId));
        Assert.Equal(ChatIntake.Dialogs.Text.TextCatalog.Default.Get("help.text", ChatIntake.Dialogs.Intake.IntakeCultures.Persian), ActivityJson.Deserialize(Assert.Single(help)).Text);
    }

    [Fact]
    public async Task Turns_run_on_arrival_share_a_commit_no_more_than_the_pipeline_allows()
    {
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["Pipeline:MaxTurnsPerCommit"] = "2" });
        var processor = bot.Service<TurnProcessor>();
        var commits = new System.Collections.Concurrent.ConcurrentBag<int>();
        void OnCommitted(IReadOnlyList<long> ids) => commits.Add(ids.Count);
        processor.TurnsCommitted += OnCommitted;
        try
        {
            // Eight citizens at once: one inbox group, of which two are turned in its commit and the rest queued.
            var inbox = bot.Service<Inbox>();
            var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => inbox.AcceptWithIdAsync(
                new InboundUpdate(TestChannel.ChannelName, $"cap-{i}", $"cap-{i}", new Activity { Text = "/start", From = new ChannelAccount($"user-cap-{i}", null, "en") }),
                CancellationToken.None)));

            Assert.All(ids, id => Assert.NotNull(id));
            await Eventually.UntilAsync(() => commits.Sum(), turned => turned == 8, "all eight turns to be committed");
            Assert.All(commits, count => Assert.InRange(count, 1, 2));
        }
        finally
        {
            processor.TurnsCommitted -= OnCommitted;
        }
    }

    [Fact]
    public async Task Updates_of_one_chat_arriving_together_are_turned_in_their_order()
    {
        await using var bot = new BotApplicationFactory();
        var citizen = bot.Citizen("together", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");

        // Location and description at once: the second waits behind the first, which the dialog needs to ask for a description.
        var inbox = bot.Service<Inbox>();
        var from = new ChannelAccount("user-together", null, "en");
        var location = inbox.AcceptWithIdAsync(
            new InboundUpdate(TestChannel.ChannelName, "together-1", "together", new Activity { Location = new GeoPoint(35.725, 51.37), From = from }), CancellationToken.None);
        var description = inbox.AcceptWithIdAsync(
            new InboundUpdate(TestChannel.ChannelName, "together-2", "together", new Activity { Text = "The street light has been dark for a week.", From = from }), CancellationToken.None);
        var ids = await Task.WhenAll(location, description);

        Assert.All(ids, id => Assert.NotNull(id));
        Assert.True(ids[0] < ids[1]);
        var replies = await Eventually.UntilAsync(() => bot.Channel.DeliveredTo("together"), d => d.Any(a => a.Text?.Contains("Would you like to add photos?") == true),
            "the description to be taken after the location");
        var texts = replies.Select(a => a.Text ?? string.Empty).ToList();
        Assert.True(texts.FindLastIndex(t => t.Contains("Please describe the problem")) < texts.FindLastIndex(t => t.Contains("Would you like to add photos?")));
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // the write gate that holds the commits still is SQLite's; PostgreSQL turns under the conversation's lock
    public async Task An_update_left_to_the_queue_is_not_overtaken_by_a_later_one_turned_on_arrival()
    {
        await using var bot = new BotApplicationFactory();
        await bot.Citizen("overtake", "en").SaysAsync("/start");
        var processor = bot.Service<TurnProcessor>();
        var inbox = bot.Service<Inbox>();
        var gate = bot.Service<ChatIntake.Data.WriteGate>();
        var from = new ChannelAccount("user-overtake", null, "en");
        Task<long?> Send(string id) => inbox.AcceptWithIdAsync(
            new InboundUpdate(TestChannel.ChannelName, id, "overtake", new Activity { Text = "/start", From = from }), CancellationToken.None);

        var order = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var held = 0;
        void OnCommitted(IReadOnlyList<long> ids)
        {
            foreach (var id in ids)
            {
                order.Enqueue(id);
            }

            // Right after the first group's commit, before the second group stores its update: hold the writer a moment,
            // so the third group's turns run while the second's update is still unqueued.
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var writer = gate.EnterAsync(timeout.Token).GetAwaiter().GetResult();
                _ = Task.Delay(300).ContinueWith(_ => writer.Dispose(), TaskScheduler.Default);
            }
        }

        processor.TurnsCommitted += OnCommitted;
        try
        {
            // The first update's commit waits for the writer; the second arrives meanwhile and, its chat busy, is left to the queue.
            Task<long?> first, second, third;
            using (await gate.EnterAsync(CancellationToken.None))
            {
                first = Send("overtake-1");
                await Eventually.UntilAsync(() => gate.Waiting, waiting => waiting > 0, "the first update's commit to wait for the writer");
                second = Send("overtake-2");
                await Task.Delay(100); // lets the inbox take the second update into a group of its own
                third = Send("overtake-3");
            }

            var ids = await Task.WhenAll(first, second, third);
            Assert.All(ids, id => Assert.NotNull(id));
            var turned = await Eventually.UntilAsync(() => order.ToList(), o => ids.All(id => o.Contains(id!.Value)), "all three updates to be turned");
            Assert.True(turned.IndexOf(ids[0]!.Value) < turned.IndexOf(ids[1]!.Value), "the first update is turned before the second");
            Assert.True(turned.IndexOf(ids[1]!.Value) < turned.IndexOf(ids[2]!.Value), "the second update is turned before the third");
        }
        finally
        {
            processor.TurnsCommitted -= OnCommitted;
        }
    }

    [Fact]
    public async Task A_new_host_on_the_same_database_continues_where_the_citizen_left_off()
    {
        using var database = new TestDatabaseFile();
        await using (var first = new BotApplicationFactory(database.Path))
        {
            var citizen = first.Citizen("restart", "en");
            await citizen.SaysAsync("/new");
            await citizen.PressesAsync("Light");
            await citizen.SharesLocationAsync(35.725, 51.37);
            Assert.Contains("Please describe the problem", citizen.LastText);
        }

        await using var second = new BotApplicationFactory(database.Path);
        var resumed = second.Citizen("restart", "en");
        await resumed.SaysAsync("The light pole is leaning and the lamp is off.");
        Assert.Contains("Would you like to add photos?", resumed.LastText);
        await resumed.SaysAsync("Skip");
        await resumed.SaysAsync("✅ Submit");
        Assert.Contains("Your report is registered", resumed.LastText);
    }

    [Fact]
    public async Task An_update_stored_but_not_turned_before_a_stop_is_turned_after_the_next_start()
    {
        using var database = new TestDatabaseFile();

        // As if the process died between the inbox commit and the turn: an unprocessed inbox row.
        await using (var setup = new BotApplicationFactory(database.Path, configureServices: BotApplicationFactory.ServicesMayBeStopped))
        {
            await using var db = setup.CreateDbContext();
            await setup.Service<TurnProcessor>().StopAsync(CancellationToken.None);
            db.Inbox.Add(new InboxMessage
            {
                Channel = TestChannel.ChannelName,
                ExternalUpdateId = "orphan",
                ExternalChatId = "orphan-chat",
                Payload = ActivityJson.Serialize(new Activity { Text = "/start", From = new ChannelAccount("orphan-user", null, "en") }),
            });
            await db.SaveChangesAsync();
        }

        await using var second = new BotApplicationFactory(database.Path);
        _ = second.Services;
        var delivered = await Eventually.UntilAsync(() => second.Channel.DeliveredTo("orphan-chat"), d => d.Count > 0, "the orphan update to be answered after the start");
        Assert.Contains("What would you like to do?", delivered[0].Text);
    }

    [Fact]
    public async Task A_send_that_fails_twice_then_succeeds_is_delivered_once_and_in_order()
    {
        await using var bot = new BotApplicationFactory();
        bot.Channel.Behaviour = (message, attempt) =>
            message.ChatId == "flaky" && attempt <= 2 ? SendResult.Retry("503 Service Unavailable") : null;
        var citizen = bot.Citizen("flaky", "en");
        await citizen.SaysAsync("/new");

        var delivered = bot.Channel.DeliveredTo("flaky");
        Assert.Single(delivered);
        Assert.Contains("What is the problem about?", delivered[0].Text);

        await citizen.PressesAsync("Light");
        delivered = bot.Channel.DeliveredTo("flaky");
        Assert.Equal(2, delivered.Count);
        Assert.StartsWith("Subject:", delivered[1].Text);
        Assert.Contains("\n\nWhere is it?", delivered[1].Text);

        await using var db = bot.CreateDbContext();
        var rows = await db.Outbox.Where(m => m.ExternalChatId == "flaky").OrderBy(m => m.Id).ToListAsync();
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));
        Assert.All(rows, r => Assert.Equal(3, r.Attempts));
        Assert.All(rows, r => Assert.Equal(3, bot.Channel.AttemptsFor(r.Id)));
    }

    [Fact]
    public async Task A_permanent_failure_is_recorded_on_the_message_and_the_citizen_and_not_retried()
    {
        await using var bot = new BotApplicationFactory();
        bot.Channel.Behaviour = (message, _) =>
            message.ChatId == "blocked" ? SendResult.Fail("403 Forbidden: bot was blocked by the user", recipientUnreachable: true) : null;
        var citizen = bot.Citizen("blocked", "en");
        await citizen.SaysAsync("/start");

        // More dispatcher rounds, run here rather than waited for: a failed message must stay untouched.
        var dispatcher = bot.Service<OutboxDispatcher>();
        for (var round = 0; round < 3; round++)
        {
            await dispatcher.DispatchOnceAsync(CancellationToken.None);
        }

        await using var db = bot.CreateDbContext();
        var row = await db.Outbox.SingleAsync(m => m.ExternalChatId == "blocked");
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(1, bot.Channel.AttemptsFor(row.Id));
        Assert.Contains("blocked by the user", row.LastError);
        var person = await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-blocked");
        Assert.False(person.Reachable);
        Assert.Contains("blocked", person.UnreachableReason);
    }

    [Fact]
    public async Task Transient_failures_give_up_after_the_configured_attempts()
    {
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3" });
        bot.Channel.Behaviour = (message, _) => message.ChatId == "down" ? SendResult.Retry("timeout") : null;
        await bot.Citizen("down", "en").SaysAsync("/start");

        await using var db = bot.CreateDbContext();
        var row = await db.Outbox.SingleAsync(m => m.ExternalChatId == "down");
        Assert.Equal(OutboxState.Failed, row.State);
        Assert.Equal(3, row.Attempts);
        Assert.True((await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-down")).Reachable);
    }

    [Fact]
    public async Task A_tracking_code_that_clashes_with_a_stored_one_is_drawn_again()
    {
        var draws = new Queue<string>(["AAAA2222", "AAAA2222", "BBBB3333"]);
        await using var bot = new BotApplicationFactory(configureServices: services =>
            services.AddSingleton(new ChatIntake.Tickets.TrackingCodeGenerator(() => { lock (draws) { return draws.Dequeue(); } })));
        var first = await bot.Citizen("clash-a", "en").FilesReportAsync(35.6701, 51.3601);
        var second = await bot.Citizen("clash-b", "en").FilesReportAsync(35.7301, 51.4501);

        Assert.Equal("AAAA-2222", first);
        Assert.Equal("BBBB-3333", second);
        await using var db = bot.CreateDbContext();
        Assert.Equal(2, await db.Tickets.CountAsync());
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Statistics;
using ChatIntake.Tickets;
using ChatIntake.Tickets.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Benchmarks;

/// <summary>
/// Fills a database with years of realistic history: citizens on every channel, tickets of every kind, status and
/// category, with their threads (status changes, replies, notes, referrals, outside agencies, reopenings, ratings).
/// The schema comes from the real start-up (migrations, categories, districts); the rows are then written with
/// prepared statements in large transactions, bypassing <see cref="TicketWorkflow"/> for speed. The rows are the ones
/// the workflow writes: the same columns, the event kinds with their typed actors and From/To values, due times from
/// <see cref="TicketTargets"/> on the real calendar, first response, resolved/closed stamps and agency time. Left out:
/// audit entries, outbox messages and attachments, which no queue or statistics view reads.
/// </summary>
internal sealed class HistorySeed
{
    public const string AdminUserName = "admin";
    public const string DefaultPassword = "bench-admin-password";

    /// <summary>A supervisor of one district (the last), with the same password.</summary>
    public const string DistrictSupervisorUserName = "district-sup";

    private const int Batch = 50_000;
    private static readonly string[] Channels = ["telegram", "bale", "webchat", "phone"];

    private readonly Random _random = new(14);
    private readonly List<byte> _citizenChannel = [];
    private readonly List<long> _agents = [];
    private IReadOnlyList<Category> _categories = [];
    private IReadOnlyList<int> _agencies = [];
    private WorkingCalendar _calendar = null!;
    private ServiceArea _area = null!;
    private long _nowMs;
    private FollowUpOptions _followUps = new();
    private long _events;

    public static async Task<int> RunAsync(int tickets, int years, string databaseFile, CancellationToken cancellationToken)
    {
        if (File.Exists(databaseFile))
        {
            await Console.Error.WriteLineAsync($"{databaseFile} already exists; delete it or choose another --db.");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var seed = new HistorySeed();
        await using (var app = BenchHost.BuildDatabase(databaseFile))
        {
            // The real start-up: migrations applied, categories and districts seeded, their caches loaded.
            await app.StartAsync(cancellationToken);
            seed._calendar = app.Services.GetRequiredService<WorkingCalendar>();
            seed._area = app.Services.GetRequiredService<ServiceArea>();
            seed._nowMs = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
            seed._followUps = app.Configuration.GetSection("FollowUps").Get<FollowUpOptions>() ?? new FollowUpOptions();
            var contexts = app.Services.GetRequiredService<IDbContextFactory<IntakeDbContext>>();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await seed.AddPeopleAsync(db, cancellationToken);
            await app.StopAsync(cancellationToken);
        }

        var rows = clock.Elapsed;
        await using (var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False"))
        {
            await connection.OpenAsync(cancellationToken);
            await Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=OFF;", cancellationToken);
            var indexes = await SetDerivedAsideAsync(connection, cancellationToken);
            var first = seed._nowMs - (long)TimeSpan.FromDays(365.25 * years).TotalMilliseconds;
            await seed.WriteTicketsAsync(connection, tickets, first, cancellationToken);
            rows = clock.Elapsed - rows;
            await Console.Error.WriteLineAsync("seed: indexes");
            foreach (var sql in indexes)
            {
                await Execute(connection, sql, cancellationToken);
            }

            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        // The derived tables built by the product's own code, as at a first start on an existing database.
        var derived = Stopwatch.StartNew();
        await Console.Error.WriteLineAsync("seed: search index, counts, daily figures");
        await using (var app = BenchHost.BuildDerived(databaseFile))
        {
            await app.StartAsync(cancellationToken);
            var figures = app.Services.GetRequiredService<DailyFigures>();
            await figures.EnsureTablesAsync(cancellationToken);
            await figures.RebuildAsync(cancellationToken);
            await app.StopAsync(cancellationToken);
        }

        await using (var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False"))
        {
            await connection.OpenAsync(cancellationToken);
            // No ANALYZE of its own: the planner's statistics are the ones the product writes at start (PlannerStatistics), as in a database grown by use.
            await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["command"] = "seed",
            ["db"] = Path.GetFullPath(databaseFile),
            ["tickets"] = tickets,
            ["events"] = seed._events,
            ["citizens"] = seed._citizenChannel.Count,
            ["years"] = years,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["rows_seconds"] = Math.Round(rows.TotalSeconds, 1),
            ["derived_seconds"] = Math.Round(derived.Elapsed.TotalSeconds, 1),
            ["mb"] = new FileInfo(databaseFile).Length / (1024 * 1024),
            ["admin"] = AdminUserName,
            ["password"] = DefaultPassword,
        }));
        return 0;
    }

    /// <summary>
    /// Takes the derived tables' upkeep out of the way of a bulk load: drops the search index and the counts with their
    /// triggers (the product builds them again from the rows at its next start) and the history tables' secondary
    /// indexes, whose statements are returned to be run again once the rows are in.
    /// </summary>
    private static async Task<List<string>> SetDerivedAsideAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        string[] derived = [SqliteTicketSearch.Table, TicketCounts.Table];
        var drops = new List<string>();
        var indexes = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT "type", "name", "sql" FROM sqlite_master
                WHERE "type" IN ('index', 'trigger') AND "sql" IS NOT NULL AND "tbl_name" IN ('Tickets', 'TicketEvents', 'Citizens', 'TicketFollowers')
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (type, name, sql) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                if (type == "index")
                {
                    drops.Add($"""DROP INDEX "{name}";""");
                    indexes.Add(sql + ";");
                }
                else if (derived.Any(table => name.StartsWith(table + "_", StringComparison.Ordinal)))
                {
                    drops.Add($"""DROP TRIGGER "{name}";""");
                }
            }
        }

        drops.AddRange(derived.Select(table => $"""DROP TABLE IF EXISTS "{table}";"""));
        await Execute(connection, string.Join('\n', drops), cancellationToken);
        return indexes;
    }

    /// <summary>Staff (an administrator to sign in with, supervisors and agents per department) and outside agencies, through EF.</summary>
    private async Task AddPeopleAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        _categories = await db.Categories.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(_nowMs);
        var staff = new List<StaffMember> { Member(AdminUserName, "Administrator", StaffRole.Administrator, "", created) };
        var n = 0;
        foreach (var department in _categories.Select(c => c.Department).Distinct())
        {
            staff.Add(Member($"sup{n}", $"سرپرست {department}", StaffRole.Supervisor, department, created));
            for (var i = 0; i < 4; i++)
            {
                staff.Add(Member($"agent{n}_{i}", $"کارشناس {n}-{i}", StaffRole.Agent, department, created));
            }

            n++;
        }

        // One supervisor scoped to a district rather than a department: the queue's and dashboard's scoped reads are measured as them.
        var district = await db.Districts.AsNoTracking().OrderByDescending(d => d.Id).Select(d => d.Id).FirstAsync(cancellationToken);
        var scoped = Member(DistrictSupervisorUserName, "سرپرست منطقه", StaffRole.Supervisor, "", created);
        scoped.DistrictIds = district.ToString(System.Globalization.CultureInfo.InvariantCulture);
        staff.Add(scoped);
        db.Staff.AddRange(staff);
        var agencies = new[]
        {
            new OutsideAgency { NameFa = "شرکت آب و فاضلاب", NameEn = "Water and Sewage Company", Contact = "۱۲۲" },
            new OutsideAgency { NameFa = "شرکت توزیع برق", NameEn = "Power Distribution Company", Contact = "۱۲۱" },
            new OutsideAgency { NameFa = "شرکت گاز", NameEn = "Gas Company", Contact = "۱۹۴" },
            new OutsideAgency { NameFa = "پلیس راهور", NameEn = "Traffic Police", Contact = "۱۲۰" },
        };
        db.OutsideAgencies.AddRange(agencies);
        await db.SaveChangesAsync(cancellationToken);
        _agents.AddRange(staff.Where(s => s.Role != StaffRole.Administrator).Select(s => s.Id));
        _agencies = [.. agencies.Select(a => a.Id)];
    }

    private string? _passwordHash;

    /// <summary>One hash (salted once) for every seeded account: hashing is slow on purpose, and forty of them would dominate a small seed.</summary>
    private StaffMember Member(string userName, string name, StaffRole role, string department, DateTimeOffset at)
    {
        var member = new StaffMember { UserName = userName, DisplayName = name, PasswordHash = "", Role = role, Departments = department, CreatedAt = at };
        if (_passwordHash is null)
        {
            StaffAccounts.SetPassword(member, DefaultPassword);
            _passwordHash = member.PasswordHash;
        }

        member.PasswordHash = _passwordHash;
        return member;
    }

    private async Task WriteTicketsAsync(SqliteConnection connection, int count, long firstMs, CancellationToken cancellationToken)
    {
        var span = _nowMs - firstMs;
        var transaction = connection.BeginTransaction();
        var citizen = PreparedSql.Create(connection, transaction,
            """INSERT INTO "Citizens" ("Id","Channel","ExternalUserId","Name","Language","Phone","Reachable","CreatedAt") VALUES ($id,$ch,$ext,$name,$lang,$phone,1,$at)""",
            "$id", "$ch", "$ext", "$name", "$lang", "$phone", "$at");
        var ticket = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "Tickets" ("Id","TrackingCode","CitizenId","CategoryId","DistrictId","Latitude","Longitude","AddressText","Description","Status","Priority",
              "Channel","CreatedAt","UpdatedAt","ResolvedAt","ClosedAt","ResponseDueAt","ResolutionDueAt","Satisfaction","DuplicateOfId","AssigneeId","Department",
              "SurveySentAt","FirstResponseAt","Kind","AgencyId","AgencyReference","AgencyExpectedAt","AgencySince","AgencyHeldFor","SignOffRequestedAt","SignOffRequestedById",
              "ResponseReminderAt","ResponseEscalatedAt","ReminderSentAt","EscalatedAt","ProgressNoticeAt","AgencyChasedAt")
            VALUES ($id,$code,$citizen,$cat,$district,$lat,$lon,$addr,$desc,$status,$prio,$ch,$created,$updated,$resolved,$closed,$rdue,$sdue,$sat,$dup,$assignee,$dept,
              $survey,$first,$kind,$agency,$agencyRef,$agencyExpected,$agencySince,$held,$signoff,$signoffBy,$rrem,$resc,$srem,$sesc,$progress,$chased)
            """,
            "$id", "$code", "$citizen", "$cat", "$district", "$lat", "$lon", "$addr", "$desc", "$status", "$prio", "$ch", "$created", "$updated", "$resolved", "$closed",
            "$rdue", "$sdue", "$sat", "$dup", "$assignee", "$dept", "$survey", "$first", "$kind", "$agency", "$agencyRef", "$agencyExpected", "$agencySince", "$held",
            "$signoff", "$signoffBy", "$rrem", "$resc", "$srem", "$sesc", "$progress", "$chased");
        var evt = PreparedSql.Create(connection, transaction,
            """
            INSERT INTO "TicketEvents" ("TicketId","Kind","Author","ActorKind","ActorId","Text","FromStatus","ToStatus","FromValue","ToValue","CreatedAt")
            VALUES ($t,$kind,$author,$ak,$aid,$text,$from,$to,$fv,$tv,$at)
            """,
            "$t", "$kind", "$author", "$ak", "$aid", "$text", "$from", "$to", "$fv", "$tv", "$at");
        var follower = PreparedSql.Create(connection, transaction,
            """INSERT OR IGNORE INTO "TicketFollowers" ("TicketId","CitizenId","CreatedAt") VALUES ($t,$c,$at)""", "$t", "$c", "$at");

        var history = new TicketHistory(this, evt);
        for (var i = 0; i < count; i++)
        {
            var id = i + 1L;
            // More reports each year, as a service that citizens discover: the density of creation times grows linearly.
            var created = firstMs + (long)(span * Math.Sqrt((i + _random.NextDouble()) / count));
            var (citizenId, channel) = NextCitizen(citizen, created);
            await history.WriteAsync(ticket, id, citizenId, channel, created, cancellationToken);
            if (_random.NextDouble() < 0.02 && citizenId > 1)
            {
                await follower.Bind(id, _random.NextInt64(1, citizenId), created + 3_600_000).ExecuteNonQueryAsync(cancellationToken);
            }

            if (id % Batch == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                transaction = connection.BeginTransaction();
                citizen.Transaction = ticket.Transaction = evt.Transaction = follower.Transaction = transaction;
                await Console.Error.WriteLineAsync($"seed: {id:N0} tickets");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        await transaction.DisposeAsync();
    }

    /// <summary>Two reports in five come from someone who reported before, on the same channel.</summary>
    private (long Id, string Channel) NextCitizen(System.Data.Common.DbCommand insert, long at)
    {
        if (_citizenChannel.Count > 100 && _random.NextDouble() < 0.4)
        {
            var known = _random.Next(_citizenChannel.Count);
            return (known + 1, Channels[_citizenChannel[known]]);
        }

        var roll = _random.NextDouble();
        byte channel = roll < 0.45 ? (byte)0 : roll < 0.75 ? (byte)1 : roll < 0.9 ? (byte)2 : (byte)3;
        _citizenChannel.Add(channel);
        long id = _citizenChannel.Count;
        // Unique per caller, as the phone intake finds a caller by number.
        var phone = channel == 3 ? "0915" + (1_000_000 + id).ToString(CultureInfo.InvariantCulture) : null;
        var external = phone ?? id.ToString(CultureInfo.InvariantCulture);
        insert.Bind(id, Channels[channel], external, _random.NextDouble() < 0.5 ? "شهروند " + PersianTextDigits(id) : null,
            _random.NextDouble() < 0.9 ? "fa" : "en", phone, at).ExecuteNonQuery();
        return (id, Channels[channel]);
    }

    private static string PersianTextDigits(long n) => ChatIntake.Dialogs.Text.PersianText.ToPersianDigits(n.ToString(CultureInfo.InvariantCulture));

    private static Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>One ticket's life: the workflow's rows for each step it went through, decided by its age.</summary>
    private sealed class TicketHistory(HistorySeed seed, System.Data.Common.DbCommand evt)
    {
        private readonly Random _random = seed._random;
        private long _id;
        private long _t;

        public async Task WriteAsync(System.Data.Common.DbCommand insert, long id, long citizenId, string channel, long created, CancellationToken cancellationToken)
        {
            _id = id;
            _t = created;
            var category = seed._categories[_random.Next(seed._categories.Count)];
            var roll = _random.NextDouble();
            var kind = roll < 0.8 ? TicketKind.Problem : roll < 0.92 ? TicketKind.Complaint : roll < 0.97 ? TicketKind.Suggestion : TicketKind.Appreciation;
            var point = new GeoPoint(35.662 + _random.NextDouble() * 0.076, 51.342 + _random.NextDouble() * 0.116);
            var district = channel == "phone" && _random.NextDouble() < 0.3 ? null : seed._area.Locate(point).DistrictId;
            var hasPoint = district is not null && channel != "phone";
            var address = SeedText.Address(_random);
            var description = SeedText.Description(_random, category.Code, address, _random.NextDouble() < 0.08);
            var (responseDue, resolutionDue) = TicketTargets.From(kind, category, seed._calendar, DateTimeOffset.FromUnixTimeMilliseconds(created));
            var priority = _random.NextDouble() switch { < 0.05 => TicketPriority.Urgent, < 0.2 => TicketPriority.High, < 0.9 => TicketPriority.Normal, _ => TicketPriority.Low };
            var status = PickStatus(seed._nowMs - created);
            var citizen = (ActorKind.Citizen, (long?)citizenId);
            var staff = (ActorKind.Staff, (long?)seed._agents[_random.Next(seed._agents.Count)]);

            await Event(cancellationToken, TicketEventKind.StatusChange, citizen, description, to: TicketStatus.New);
            long? firstResponse = null, resolved = null, closed = null, survey = null, assignee = null, duplicateOf = null, agencySince = null, agencyExpected = null, signOff = null;
            int? satisfaction = null, agencyId = null;
            string? department = null, agencyRef = null;
            long held = 0;
            var current = TicketStatus.New;

            if (status is TicketStatus.Rejected or TicketStatus.Duplicate)
            {
                Step(6);
                if (status == TicketStatus.Duplicate)
                {
                    duplicateOf = Math.Max(1, id - _random.Next(1, 500));
                }

                await Event(cancellationToken, TicketEventKind.StatusChange, staff, status == TicketStatus.Rejected ? SeedText.Reason(_random) : null, TicketStatus.New, status);
                firstResponse = closed = _t;
                current = status;
            }
            else if (status != TicketStatus.New)
            {
                if (_random.NextDouble() < 0.7)
                {
                    Step(2);
                    assignee = staff.Item2;
                    await Event(cancellationToken, TicketEventKind.Assigned, staff, toValue: staff.Item2!.Value.ToString(CultureInfo.InvariantCulture));
                }

                Step(8);
                var next = status == TicketStatus.Referred ? TicketStatus.Referred : TicketStatus.InProgress;
                await Event(cancellationToken, TicketEventKind.StatusChange, staff, null, current, next);
                firstResponse = _t;
                current = next;
                if (_random.NextDouble() < 0.05)
                {
                    department = seed._categories[_random.Next(seed._categories.Count)].Department;
                    await Event(cancellationToken, TicketEventKind.Referred, staff, toValue: department);
                }

                if (_random.NextDouble() < 0.5)
                {
                    Step(12);
                    await Event(cancellationToken, TicketEventKind.StaffReply, staff, SeedText.Reply(_random));
                }

                if (_random.NextDouble() < 0.25)
                {
                    Step(10);
                    await Event(cancellationToken, TicketEventKind.CitizenMessage, citizen, SeedText.FollowUp(_random));
                }

                if (_random.NextDouble() < 0.2)
                {
                    await Event(cancellationToken, TicketEventKind.InternalNote, staff, SeedText.Note(_random));
                }

                if (_random.NextDouble() < 0.06)
                {
                    Step(4);
                    var agency = seed._agencies[_random.Next(seed._agencies.Count)];
                    var since = _t;
                    var expected = since + (long)TimeSpan.FromDays(_random.Next(3, 21)).TotalMilliseconds;
                    var reference = PersianTextDigits(_random.Next(10_000, 99_999));
                    var day = DateTimeOffset.FromUnixTimeMilliseconds(expected).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    await Event(cancellationToken, TicketEventKind.AgencyReferred, staff, reference, toValue: $"{agency}|{day}");
                    if (status.IsOpen() && _random.NextDouble() < 0.4)
                    {
                        (agencyId, agencyRef, agencySince, agencyExpected) = (agency, reference, since, expected);
                    }
                    else
                    {
                        Step(72);
                        var minutes = (long)seed._calendar.WorkingTimeBetween(DateTimeOffset.FromUnixTimeMilliseconds(since), DateTimeOffset.FromUnixTimeMilliseconds(_t)).TotalMinutes;
                        held += (long)TimeSpan.FromMinutes(minutes).Ticks;
                        await Event(cancellationToken, TicketEventKind.AgencyAnswered, (ActorKind.Agency, agency), "انجام شد.", fromValue: agency.ToString(CultureInfo.InvariantCulture),
                            toValue: minutes.ToString(CultureInfo.InvariantCulture));
                    }
                }

                if (status == TicketStatus.InProgress && current != TicketStatus.InProgress)
                {
                    Step(6);
                    await Event(cancellationToken, TicketEventKind.StatusChange, staff, null, current, TicketStatus.InProgress);
                    current = TicketStatus.InProgress;
                }

                if (status == TicketStatus.InProgress && agencySince is null && _random.NextDouble() < 0.03)
                {
                    Step(4);
                    signOff = _t;
                    await Event(cancellationToken, TicketEventKind.SignOffRequested, staff, SeedText.Note(_random));
                }

                if (status is TicketStatus.Resolved or TicketStatus.Closed)
                {
                    var reopens = _random.NextDouble() < 0.07 ? 1 : 0;
                    for (var r = 0; r <= reopens; r++)
                    {
                        Step(category.ResolutionHours);
                        await Event(cancellationToken, TicketEventKind.StatusChange, staff, SeedText.Reply(_random), current, TicketStatus.Resolved);
                        current = TicketStatus.Resolved;
                        resolved = _t;
                        Step(24);
                        survey = _t;
                        if (r < reopens)
                        {
                            Step(2);
                            // "Not fixed" to the survey: back to work with fresh targets, as ReopenAsync does.
                            await Event(cancellationToken, TicketEventKind.StatusChange, citizen, "درست نشده", TicketStatus.Resolved, TicketStatus.InProgress);
                            current = TicketStatus.InProgress;
                            (responseDue, resolutionDue) = TicketTargets.From(kind, category, seed._calendar, DateTimeOffset.FromUnixTimeMilliseconds(_t));
                            resolved = survey = null;
                        }
                    }

                    if (_random.NextDouble() < 0.55)
                    {
                        Step(3);
                        satisfaction = _random.NextDouble() switch { < 0.08 => 1, < 0.16 => 2, < 0.35 => 3, < 0.65 => 4, _ => 5 };
                        await Event(cancellationToken, TicketEventKind.Rated, citizen, _random.NextDouble() < 0.3 ? SeedText.FollowUp(_random) : null,
                            toValue: satisfaction.Value.ToString(CultureInfo.InvariantCulture));
                    }

                    // Silence after the resolution closes it (the auto-close job's work), so no resolved ticket is left due for it.
                    var autoClose = resolved!.Value + (long)seed._followUps.AutoCloseAfter.TotalMilliseconds;
                    if (status == TicketStatus.Closed || autoClose < seed._nowMs - 1000)
                    {
                        Step(24 * 7);
                        _t = status == TicketStatus.Closed ? _t : Math.Max(_t, autoClose);
                        await Event(cancellationToken, TicketEventKind.StatusChange, (ActorKind.System, null), null, TicketStatus.Resolved, TicketStatus.Closed);
                        closed = _t;
                        current = TicketStatus.Closed;
                    }
                }
            }

            // What the jobs have done by now on an open ticket (reminders, escalations past due, progress notices, agencies
            // chased), so the history leaves none of them due: the host measured is not busy catching up on years of jobs.
            long? responseReminder = null, responseEscalated = null, reminder = null, escalated = null, progress = null, chased = null;
            if (current.IsOpen())
            {
                var now = seed._nowMs - 1000;
                if (responseDue is { } rd && firstResponse is null)
                {
                    responseReminder = Math.Min(rd.ToUnixTimeMilliseconds(), now);
                    responseEscalated = rd.ToUnixTimeMilliseconds() < now ? rd.ToUnixTimeMilliseconds() : null;
                }

                if (resolutionDue is { } sd)
                {
                    reminder = Math.Min(sd.ToUnixTimeMilliseconds(), now);
                    escalated = sd.ToUnixTimeMilliseconds() < now ? sd.ToUnixTimeMilliseconds() : null;
                }

                var quiet = seed._followUps.ProgressNoticeAfterWorkingDays;
                if (quiet > 0 && created < now - (quiet * 86_400_000L))
                {
                    progress = now - (long)(_random.NextDouble() * (quiet - 1) * 86_400_000L);
                }

                chased = agencyExpected < now ? agencyExpected : null;
            }

            var code = Code(id);
            insert.Bind(id, code, citizenId, category.Id, district, hasPoint ? point.Latitude : null, hasPoint ? point.Longitude : null,
                address, description, (int)current, (int)priority, channel, created, _t, resolved, closed,
                responseDue?.ToUnixTimeMilliseconds(), resolutionDue?.ToUnixTimeMilliseconds(),
                satisfaction, duplicateOf, assignee, department, survey, firstResponse, (int)kind, agencyId, agencyRef, agencyExpected, agencySince, held,
                signOff, signOff is null ? null : staff.Item2, responseReminder, responseEscalated, reminder, escalated, progress, chased);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        /// <summary>Older tickets are mostly done; the recent ones make the backlog.</summary>
        private TicketStatus PickStatus(long ageMs)
        {
            var days = ageMs / 86_400_000.0;
            var roll = _random.NextDouble();
            double[] weights = days < 2 ? [0.5, 0.15, 0.25, 0.05, 0, 0.03, 0.02]
                : days < 30 ? [0.08, 0.10, 0.25, 0.27, 0.22, 0.05, 0.03]
                : [0.003, 0.005, 0.015, 0.01, 0.87, 0.06, 0.037];
            for (var s = 0; s < weights.Length; s++)
            {
                roll -= weights[s];
                if (roll < 0)
                {
                    return (TicketStatus)s;
                }
            }

            return TicketStatus.Closed;
        }

        /// <summary>Moves this ticket's clock on by a random stretch around <paramref name="meanHours"/>, never past now.</summary>
        private void Step(double meanHours)
        {
            var hours = -Math.Log(1 - _random.NextDouble()) * meanHours;
            _t = Math.Min(_t + (long)(hours * 3_600_000), seed._nowMs - 1000);
        }

        private async Task Event(CancellationToken cancellationToken, TicketEventKind kind, (ActorKind Kind, long? Id) actor, string? text = null,
            TicketStatus? from = null, TicketStatus? to = null, string? fromValue = null, string? toValue = null)
        {
            var author = new TicketActor(actor.Kind, actor.Id).Author;
            evt.Bind(_id, (int)kind, author, (int)actor.Kind, actor.Id, text, (int?)from, (int?)to, fromValue, toValue, _t);
            await evt.ExecuteNonQueryAsync(cancellationToken);
            seed._events++;
        }

        /// <summary>A unique, random-looking code per id: multiplying by a number prime to the alphabet's size permutes the code space.</summary>
        private static string Code(long id)
        {
            const long space = 500_246_412_961L; // 29^8
            var n = (id * 982_451_653L + 123_456_789L) % space;
            Span<char> chars = stackalloc char[TrackingCode.Length];
            for (var i = TrackingCode.Length - 1; i >= 0; i--)
            {
                chars[i] = TrackingCode.Alphabet[(int)(n % 29)];
                n /= 29;
            }

            return new string(chars);
        }
    }
}

using ChatIntake.Staff;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Tests.Conversations;

/// <summary>The turn writer inserts tickets with hand-written SQL; every column the model maps must make the round trip.</summary>
public sealed class TurnWriterTests
{
    [Theory]
    [InlineData(1, 0)] // alone: one row a statement
    [InlineData(18, 5)] // among 18: sixteen rows to a statement on SQLite, the last two alone
    public async Task A_ticket_written_by_the_turn_writer_reads_back_whole_through_the_model(int count, int position)
    {
        var file = Path.Combine(Path.GetTempPath(), $"writer-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            var citizen = new Citizen { Channel = "test", ExternalUserId = "u1", Language = "fa", CreatedAt = At(1) };
            var category = new Category { Code = "c", NameFa = "ف", NameEn = "C", Department = "D" };
            var district = new District { Code = "D1", NameFa = "ف", NameEn = "D", Polygon = "{}" };
            var master = new Ticket { TrackingCode = "MMMM2222", Description = "master", Channel = "test", Citizen = citizen, Category = category };
            var agent = new ChatIntake.Staff.StaffMember { UserName = "agent", DisplayName = "Agent", PasswordHash = "x" };
            db.AddRange(citizen, category, district, master, agent);
            await db.SaveChangesAsync();

            var ticket = new Ticket
            {
                TrackingCode = "ABCD2345", CitizenId = citizen.Id, CategoryId = category.Id, DistrictId = district.Id,
                Latitude = 35.7, Longitude = 51.4, AddressText = "Azadi St.", Description = "A lamp is out.",
                Status = TicketStatus.InProgress, Priority = TicketPriority.High, Channel = "test", Kind = TicketKind.Complaint,
                CreatedAt = At(2), UpdatedAt = At(3), ResolvedAt = At(4), ClosedAt = At(5), ResponseDueAt = At(6), ResolutionDueAt = At(7),
                Satisfaction = 4, DuplicateOfId = master.Id, AssigneeId = agent.Id, Department = "Roads",
                SatisfactionComment = "quick work", SurveySentAt = At(10), ProgressNoticeAt = At(11), ReminderSentAt = At(12), EscalatedAt = At(13), ResponseReminderAt = At(14), ResponseEscalatedAt = At(15),
                FirstResponseAt = At(16),
            };
            var first = new TicketEvent
            {
                Kind = TicketEventKind.StatusChange, Author = "citizen:1", Text = "reopened", FromStatus = TicketStatus.Referred,
                ToStatus = TicketStatus.InProgress, OutboxMessageId = 42, CreatedAt = At(8),
                ActorKind = ActorKind.Citizen, ActorId = 1, FromValue = "Normal", ToValue = "High",
            };
            var photo = new Attachment { ChannelFileId = "file-1", Kind = "photo", ContentType = "image/jpeg", Size = 1234, StoredPath = "a/b.jpg", CreatedAt = At(9),
                FileName = "pothole.jpg", DownloadAttempts = 2, DownloadError = "too large" };
            first.Attachments.Add(photo);
            ticket.Events.Add(first);
            ticket.Attachments.Add(photo);
            var tickets = Enumerable.Range(0, count).Select(i => i == position ? ticket : Other(i, citizen.Id, category.Id)).ToList();

            await db.Database.OpenConnectionAsync();
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await using var writer = new TurnWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction());
                await writer.AddTicketsAsync(tickets, CancellationToken.None);
                await transaction.CommitAsync();
            }

            db.ChangeTracker.Clear();
            AssertSame(db, ticket, await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == ticket.Id));
            AssertSame(db, first, await db.TicketEvents.AsNoTracking().SingleAsync(e => e.TicketId == ticket.Id));
            AssertSame(db, photo, await db.Attachments.AsNoTracking().SingleAsync(a => a.TicketId == ticket.Id));

            // Every ticket got its own row's id, and its events and files point at it and at each other.
            Assert.Equal(count, tickets.Select(t => t.Id).Distinct().Count());
            foreach (var written in tickets)
            {
                var read = await db.Tickets.AsNoTracking().Include(t => t.Events).Include(t => t.Attachments).SingleAsync(t => t.Id == written.Id);
                Assert.Equal((written.TrackingCode, written.Description), (read.TrackingCode, read.Description));
                Assert.Equal(written.Events.Select(e => (e.Id, e.Text)), read.Events.OrderBy(e => e.Id).Select(e => (e.Id, e.Text)));
                Assert.Equal(written.Attachments.Select(a => (a.Id, a.ChannelFileId, a.TicketEventId)), read.Attachments.OrderBy(a => a.Id).Select(a => (a.Id, a.ChannelFileId, a.TicketEventId)));
                Assert.All(read.Attachments, a => Assert.Contains(a.TicketEventId, read.Events.Select(e => (long?)e.Id)));
            }
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }

    /// <summary>Another ticket of the group, told apart by its code and text, with its own first entry and, for some, a photo on it.</summary>
    private static Ticket Other(int i, long citizenId, int categoryId)
    {
        var ticket = new Ticket { TrackingCode = $"OTHR{i:D4}", CitizenId = citizenId, CategoryId = categoryId, Description = $"report {i}", Channel = "test", CreatedAt = At(2), UpdatedAt = At(2) };
        var created = new TicketEvent { Kind = TicketEventKind.CitizenMessage, Author = "citizen:1", Text = $"filed {i}", CreatedAt = At(2) };
        ticket.Events.Add(created);
        if (i % 3 == 0)
        {
            var photo = new Attachment { ChannelFileId = $"file-{i}", Kind = "photo", CreatedAt = At(2) };
            created.Attachments.Add(photo);
            ticket.Attachments.Add(photo);
        }

        return ticket;
    }

    private static DateTimeOffset At(int hour) => new(2026, 11, 22, hour, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// What a ticket only gets after filing, through the workflow and EF (an agency's hold, the completion check): a new
    /// ticket the turn writes never carries them, so they are left to the database's defaults.
    /// </summary>
    private static readonly HashSet<string> AfterFilingOnly =
    [
        nameof(Ticket.AgencyId), nameof(Ticket.AgencyReference), nameof(Ticket.AgencyExpectedAt), nameof(Ticket.AgencySince),
        nameof(Ticket.AgencyHeldFor), nameof(Ticket.AgencyChasedAt), nameof(Ticket.AfterPhotoFileId), nameof(Ticket.SignOffRequestedAt),
        nameof(Ticket.SignOffRequestedById),
        // Personal data removed later (an erasure, the retention job).
        nameof(Ticket.CitizenErasedAt), nameof(Ticket.AnonymisedAt),
        // A citizen's photo comes from the ticket's own channel; only a staff member's after photo names another.
        nameof(Attachment.Channel),
    ];

    /// <summary>Every property the model maps: set in the test (not a default) and equal after the round trip.</summary>
    private static void AssertSame<T>(IntakeDbContext db, T written, T read)
    {
        foreach (var property in db.Model.FindEntityType(typeof(T))!.GetProperties()
            .Where(p => typeof(T) == typeof(TicketEvent) || !AfterFilingOnly.Contains(p.Name)))
        {
            var expected = property.PropertyInfo!.GetValue(written);
            var actual = property.PropertyInfo.GetValue(read);
            var clrType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            Assert.False(expected is null || (clrType.IsValueType && expected.Equals(Activator.CreateInstance(clrType))),
                $"{typeof(T).Name}.{property.Name} is not set by this test: set it, and make sure TurnWriter writes it.");
            Assert.True(Equals(expected, actual), $"{typeof(T).Name}.{property.Name}: wrote {expected}, read {actual}");
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Privacy;

/// <summary>
/// What is held about one citizen, as /mydata gives it: their details, chats, own tickets with the thread they could see
/// (internal notes are staff's working notes and stay out), ratings, and the tickets they follow (by subject only: those
/// are other people's reports).
/// </summary>
public sealed class CitizenDataExport(IDbContextFactory<IntakeDbContext> contexts, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Persian stays readable in the file instead of \u escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly TicketEventKind[] Visible =
        [TicketEventKind.CitizenMessage, TicketEventKind.StaffReply, TicketEventKind.StatusChange, TicketEventKind.Rated, TicketEventKind.AfterPhotoAdded];

    /// <summary>The copy as JSON (UTF-8), or null when there is no such citizen (erased since it was asked for).</summary>
    public async Task<byte[]?> JsonAsync(long citizenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CollectAsync(db, citizenId, cancellationToken) is { } data ? JsonSerializer.SerializeToUtf8Bytes(data, Json) : null;
    }

    /// <summary>The readable summary for the /mydata message, read in the turn's own context.</summary>
    public async Task<CitizenDataSummary> SummaryAsync(IntakeDbContext db, long citizenId, CancellationToken cancellationToken)
    {
        var data = await CollectAsync(db, citizenId, cancellationToken) ?? throw new InvalidOperationException($"No citizen {citizenId}");
        return new CitizenDataSummary(data.Citizen.Name, data.Citizen.Phone, data.Citizen.Language, [.. data.Chats.Select(c => c.Channel).Distinct()],
            data.Citizen.FirstContact, [.. data.Tickets.Select(t => new CitizenTicketData(t.TrackingCode, t.CategoryFa, t.CategoryEn, t.Status, t.CreatedAt, t.Thread.Count(e => e.Text is not null), t.Rating))],
            data.FollowedTickets.Count, CitizenDataReference.For(citizenId), CitizenDataReference.FileName);
    }

    private async Task<Copy?> CollectAsync(IntakeDbContext db, long citizenId, CancellationToken cancellationToken)
    {
        if (await db.Citizens.AsNoTracking().FirstOrDefaultAsync(c => c.Id == citizenId, cancellationToken) is not { } citizen)
        {
            return null;
        }

        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.NameEn, cancellationToken);
        var chats = await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId)
            .Select(c => new Chat(c.Channel, c.ExternalChatId, c.LastActivityAt)).ToListAsync(cancellationToken);
        var tickets = await db.Tickets.AsNoTracking().Include(t => t.Events).ThenInclude(e => e.Attachments)
            .Where(t => t.CitizenId == citizenId).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
        var followed = await db.TicketFollowers.AsNoTracking().Where(f => f.CitizenId == citizenId)
            .Join(db.Tickets, f => f.TicketId, t => t.Id, (f, t) => new { t.CategoryId, t.Status, f.CreatedAt }).ToListAsync(cancellationToken);
        return new Copy(
            time.GetUtcNow(),
            new Person(citizen.Channel, citizen.ExternalUserId, citizen.Name, citizen.Phone, citizen.Language, citizen.CreatedAt, citizen.Reachable),
            chats,
            [.. tickets.Select(t => new OwnTicket(
                t.TrackingCode, t.Kind, t.Status,
                categories.GetValueOrDefault(t.CategoryId)?.NameFa ?? "—", categories.GetValueOrDefault(t.CategoryId)?.NameEn ?? "—",
                t.DistrictId is { } d ? districts.GetValueOrDefault(d) : null,
                t.Channel, t.CreatedAt, t.ResolvedAt, t.ClosedAt, t.Description, t.AddressText, t.Latitude, t.Longitude, t.Satisfaction, t.SatisfactionComment,
                [.. t.Events.Where(e => Visible.Contains(e.Kind)).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).Select(e => new Entry(
                    e.CreatedAt, e.Kind, e.ActorKind == ActorKind.Citizen ? "you" : e.ActorKind == ActorKind.Staff ? "staff" : "system",
                    e.Text, e.ToStatus, [.. e.Attachments.Select(a => a.FileName ?? a.Kind)]))]))],
            [.. followed.Select(f => new Followed(categories.GetValueOrDefault(f.CategoryId)?.NameEn ?? "—", f.Status, f.CreatedAt))]);
    }

    private sealed record Copy(DateTimeOffset MadeAt, Person Citizen, IReadOnlyList<Chat> Chats, IReadOnlyList<OwnTicket> Tickets, IReadOnlyList<Followed> FollowedTickets);

    private sealed record Person(string Channel, string UserId, string? Name, string? Phone, string Language, DateTimeOffset FirstContact, bool Reachable);

    private sealed record Chat(string Channel, string ChatId, DateTimeOffset LastActivity);

    private sealed record OwnTicket(
        string TrackingCode, TicketKind Kind, TicketStatus Status, string CategoryFa, string CategoryEn, string? District, string Channel,
        DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, DateTimeOffset? ClosedAt, string Description, string? Address, double? Latitude, double? Longitude,
        int? Rating, string? RatingComment, IReadOnlyList<Entry> Thread);

    private sealed record Entry(DateTimeOffset At, TicketEventKind Kind, string From, string? Text, TicketStatus? Status, IReadOnlyList<string> Files);

    private sealed record Followed(string Category, TicketStatus Status, DateTimeOffset Since);
}

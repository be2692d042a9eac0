using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Queue;
using ChatIntake.Staff;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Channels.DirectLine;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Open311;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatIntake.Data;

public sealed class IntakeDbContext(DbContextOptions<IntakeDbContext> options) : DbContext(options)
{
    /// <summary>The filter of the dispatcher's partial indexes; the dispatcher's queries compare the state with this same constant.</summary>
    private static readonly string PendingOnly = $"\"State\" = {(int)OutboxState.Pending}";

    /// <summary>An index's filter for the rows that have a value: any comparison with the column implies it, on both databases.</summary>
    internal static string NotNull(string column) => $"\"{column}\" IS NOT NULL";

    public DbSet<Citizen> Citizens => Set<Citizen>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<District> Districts => Set<District>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<TicketFollower> TicketFollowers => Set<TicketFollower>();
    public DbSet<OutsideAgency> OutsideAgencies => Set<OutsideAgency>();
    public DbSet<WebChatConversation> WebChatConversations => Set<WebChatConversation>();
    public DbSet<WebChatActivity> WebChatActivities => Set<WebChatActivity>();
    public DbSet<WebChatUpload> WebChatUploads => Set<WebChatUpload>();
    public DbSet<StaffMember> Staff => Set<StaffMember>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<CannedReply> CannedReplies => Set<CannedReply>();
    public DbSet<TextOverride> TextOverrides => Set<TextOverride>();
    public DbSet<Open311Key> Open311Keys => Set<Open311Key>();
    public DbSet<PendingFileDeletion> PendingFileDeletions => Set<PendingFileDeletion>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<TicketRead> TicketReads => Set<TicketRead>();
    public DbSet<LatestJobRun> JobRuns => Set<LatestJobRun>();
    public DbSet<SharedPromptOptions> SharedPromptOptions => Set<SharedPromptOptions>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Unix milliseconds: SQLite cannot compare or sort DateTimeOffset, but it can integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ConfigureAdmin(modelBuilder);
        modelBuilder.Entity<Citizen>(e =>
        {
            e.ToTable("Citizens");
            e.Property(c => c.Channel).HasMaxLength(32);
            e.Property(c => c.ExternalUserId).HasMaxLength(64);
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Language).HasMaxLength(8);
            e.Property(c => c.Phone).HasMaxLength(32);
            e.Property(c => c.UnreachableReason).HasMaxLength(500);
            e.HasIndex(c => new { c.Channel, c.ExternalUserId }).IsUnique();
        });

        modelBuilder.Entity<Conversation>(e =>
        {
            e.ToTable("Conversations");
            e.Property(c => c.Channel).HasMaxLength(32);
            e.Property(c => c.ExternalChatId).HasMaxLength(64);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasIndex(c => new { c.Channel, c.ExternalChatId }).IsUnique();
            e.HasIndex(c => c.CitizenId);
            e.HasOne(c => c.Citizen).WithMany().HasForeignKey(c => c.CitizenId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("Inbox");
            e.Property(m => m.Channel).HasMaxLength(32);
            e.Property(m => m.ExternalUpdateId).HasMaxLength(128);
            e.Property(m => m.ExternalChatId).HasMaxLength(64);
            e.HasIndex(m => new { m.Channel, m.ExternalUpdateId }).IsUnique();
            e.HasIndex(m => m.ProcessedAt);
            // A conversation's earliest update not yet turned (ConversationOrder, on every turn in a shared database).
            e.HasIndex(m => new { m.Channel, m.ExternalChatId, m.Id }, "IX_Inbox_PendingByChat").HasFilter("\"ProcessedAt\" IS NULL");
        });

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("Outbox");
            e.Property(m => m.Channel).HasMaxLength(32);
            e.Property(m => m.ExternalChatId).HasMaxLength(64);
            e.Property(m => m.ExternalMessageId).HasMaxLength(64);
            e.Property(m => m.LastError).HasMaxLength(1000);
            e.Property(m => m.Lane).HasDefaultValue(OutboxLane.Reply); // the column was added to a table with rows
            // Only staff replies and notices name a ticket: a citizen's reply, written in every turn, skips this index.
            e.HasIndex(m => m.TicketId).HasFilter(NotNull(nameof(OutboxMessage.TicketId)));

            // The dispatcher's indexes hold pending rows only (OutboxPendingIndexes): a delivered row leaves them, so they
            // stay as small as the queue, and a city's millions of sent rows cost nothing on every insert and delivery mark.
            // The dispatcher's next retry.
            e.HasIndex(m => new { m.State, m.NotBefore }).HasFilter(PendingOnly);

            // The dispatcher's per-chat queues: each chat's pending rows in order, read from the index alone.
            e.HasIndex(m => new { m.State, m.Channel, m.ExternalChatId, m.Lane, m.NotBefore }).HasDatabaseName("IX_Outbox_PendingByChat").HasFilter(PendingOnly);

            // The dispatcher's window: the oldest pending rows, replies first (the row id orders within a lane).
            e.HasIndex(m => new { m.State, m.Lane }).HasDatabaseName("IX_Outbox_PendingByLane").HasFilter(PendingOnly);
        });

        modelBuilder.Entity<Category>(e =>
        {
            e.ToTable("Categories");
            e.Property(c => c.Code).HasMaxLength(32);
            e.Property(c => c.NameFa).HasMaxLength(100);
            e.Property(c => c.NameEn).HasMaxLength(100);
            e.Property(c => c.Department).HasMaxLength(100);
            e.Property(c => c.KeywordsFa).HasMaxLength(2000);
            e.Property(c => c.KeywordsEn).HasMaxLength(2000);
            e.Property(c => c.AfterPhotoRequired).HasDefaultValue(false); // the column was added to a table with rows
            e.Property(c => c.SignOffRequired).HasDefaultValue(false);
            e.HasIndex(c => c.Code).IsUnique();
        });

        modelBuilder.Entity<District>(e =>
        {
            e.ToTable("Districts");
            e.Property(d => d.Code).HasMaxLength(32);
            e.Property(d => d.NameFa).HasMaxLength(100);
            e.Property(d => d.NameEn).HasMaxLength(100);
            e.Ignore(d => d.PlaceList);
            e.HasIndex(d => d.Code).IsUnique();
        });

        modelBuilder.Entity<Ticket>(e =>
        {
            e.ToTable("Tickets");
            e.Property(t => t.TrackingCode).HasMaxLength(16);
            e.Property(t => t.AddressText).HasMaxLength(1000);
            e.Property(t => t.Description).HasMaxLength(4000);
            e.Property(t => t.Channel).HasMaxLength(32);
            e.HasIndex(t => t.TrackingCode).IsUnique();
            e.HasIndex(t => t.CitizenId);
            e.HasIndex(t => new { t.CategoryId, t.Status });
            // The duplicate offer looks for open tickets of a category within a small latitude band.
            e.HasIndex(t => new { t.CategoryId, t.Latitude });
            e.HasIndex(t => new { t.Status, t.CreatedAt });
            e.HasOne(t => t.Citizen).WithMany().HasForeignKey(t => t.CitizenId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.Category).WithMany().HasForeignKey(t => t.CategoryId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(t => t.District).WithMany().HasForeignKey(t => t.DistrictId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Ticket>().WithMany().HasForeignKey(t => t.DuplicateOfId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(t => t.DuplicateOfId).HasFilter(NotNull(nameof(Ticket.DuplicateOfId)));
            e.Property(t => t.Department).HasMaxLength(100);
            e.Property(t => t.SatisfactionComment).HasMaxLength(1000);
            e.Property(t => t.Kind).HasDefaultValue(TicketKind.Problem); // the column was added to a table with rows
            e.HasOne<StaffMember>().WithMany().HasForeignKey(t => t.AssigneeId).OnDelete(DeleteBehavior.SetNull);
            e.Property(t => t.AfterPhotoFileId).HasMaxLength(256);
            e.Property(t => t.AgencyReference).HasMaxLength(100);
            // Ticks, so statistics can sum the time outside bodies held tickets; the column was added to a table with rows.
            e.Property(t => t.AgencyHeldFor).HasConversion<long>().HasDefaultValue(TimeSpan.Zero);
            e.HasIndex(t => t.AgencyId).HasFilter(NotNull(nameof(Ticket.AgencyId)));
            e.HasOne(t => t.Agency).WithMany().HasForeignKey(t => t.AgencyId).OnDelete(DeleteBehavior.Restrict);
            // The queue's pages read in order from these (migration QueueIndexes).
            e.HasIndex(t => t.CreatedAt);
            e.HasIndex(t => t.UpdatedAt);
            e.HasIndex(t => new { t.CategoryId, t.CreatedAt });
            e.HasIndex(t => new { t.DistrictId, t.CreatedAt });
            e.HasIndex(t => new { t.Kind, t.CreatedAt });
            e.HasIndex(t => new { t.AssigneeId, t.CreatedAt }); // also serves "unassigned" (AssigneeId IS NULL), so it keeps every row
            // Most tickets have none of these: a new report's insert skips their indexes (migration TicketSparseIndexes).
            e.HasIndex(t => t.SignOffRequestedAt).HasFilter(NotNull(nameof(Ticket.SignOffRequestedAt)));
            e.HasIndex(t => t.ClosedAt).HasFilter(NotNull(nameof(Ticket.ClosedAt)));
        });

        modelBuilder.Entity<PendingFileDeletion>(e =>
        {
            e.ToTable("PendingFileDeletions");
            e.Property(d => d.StoredPath).HasMaxLength(500);
        });

        modelBuilder.Entity<Department>(e =>
        {
            e.ToTable("Departments");
            e.Property(d => d.Code).HasMaxLength(100);
            e.Property(d => d.NameFa).HasMaxLength(200);
            e.Property(d => d.NameEn).HasMaxLength(200);
            e.HasIndex(d => d.Code).IsUnique();
        });

        modelBuilder.Entity<OutsideAgency>(e =>
        {
            e.ToTable("OutsideAgencies");
            e.Property(a => a.NameFa).HasMaxLength(200);
            e.Property(a => a.NameEn).HasMaxLength(200);
            e.Property(a => a.Contact).HasMaxLength(500);
        });

        modelBuilder.Entity<TicketEvent>(e =>
        {
            e.ToTable("TicketEvents");
            e.Property(t => t.Author).HasMaxLength(64);
            e.Property(t => t.Text).HasMaxLength(4000);
            e.Property(t => t.ActorKind).HasDefaultValue(ActorKind.System); // the column was added to a table with rows
            e.Property(t => t.FromValue).HasMaxLength(200);
            e.Property(t => t.ToValue).HasMaxLength(200);
            e.HasIndex(t => t.TicketId);
            e.HasIndex(t => t.CreatedAt);
            // TicketEventKind.AgencyReferred (20): the league's agency rows ask each ticket of a period whether it was ever referred.
            e.HasIndex(t => t.TicketId, "IX_TicketEvents_AgencyReferred").HasFilter("\"Kind\" = 20");
            e.HasOne<Ticket>().WithMany(t => t.Events).HasForeignKey(t => t.TicketId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Attachment>(e =>
        {
            e.ToTable("Attachments");
            e.Property(a => a.ChannelFileId).HasMaxLength(256);
            e.Property(a => a.Kind).HasMaxLength(16);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.Property(a => a.StoredPath).HasMaxLength(500);
            e.Property(a => a.FileName).HasMaxLength(256);
            e.Property(a => a.DownloadError).HasMaxLength(500);
            e.Property(a => a.Channel).HasMaxLength(32);
            e.Property(a => a.DownloadAttempts).HasDefaultValue(0); // the column was added to a table with rows
            e.HasIndex(a => a.TicketId);
            e.HasIndex(a => a.TicketEventId);
            e.HasIndex(a => a.ChannelFileId);
            e.HasOne<Ticket>().WithMany(t => t.Attachments).HasForeignKey(a => a.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<TicketEvent>().WithMany(t => t.Attachments).HasForeignKey(a => a.TicketEventId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<WebChatConversation>(e =>
        {
            e.ToTable("WebChatConversations");
            e.Property(c => c.Id).HasMaxLength(64);
            e.Property(c => c.UserId).HasMaxLength(64);
            e.Property(c => c.LastActivityAt).HasDefaultValueSql("0"); // the column was added to a table with rows
            e.Property(c => c.SeenWatermark).HasDefaultValue(0L); // the column was added to a table with rows
            e.HasIndex(c => c.LastActivityAt);
            e.HasIndex(c => c.UserId);
        });

        modelBuilder.Entity<WebChatActivity>(e =>
        {
            e.ToTable("WebChatActivities");
            e.Property(a => a.ConversationId).HasMaxLength(64);
            e.Property(a => a.ClientActivityId).HasMaxLength(100);
            e.HasIndex(a => new { a.ConversationId, a.Sequence }).IsUnique();
            e.HasIndex(a => new { a.ConversationId, a.ClientActivityId });
            e.HasOne<WebChatConversation>().WithMany().HasForeignKey(a => a.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WebChatUpload>(e =>
        {
            e.ToTable("WebChatUploads");
            e.Property(u => u.Id).HasMaxLength(64);
            e.Property(u => u.ConversationId).HasMaxLength(64);
            e.Property(u => u.ContentType).HasMaxLength(100);
            e.Property(u => u.Name).HasMaxLength(256);
            e.Property(u => u.StoredPath).HasMaxLength(500);
            e.HasIndex(u => u.ConversationId);
            e.HasIndex(u => u.CreatedAt);
            e.HasOne<WebChatConversation>().WithMany().HasForeignKey(u => u.ConversationId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TicketFollower>(e =>
        {
            e.ToTable("TicketFollowers");
            e.HasKey(f => new { f.TicketId, f.CitizenId });
            e.HasIndex(f => f.CitizenId);
            e.HasOne<Ticket>().WithMany().HasForeignKey(f => f.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Citizen>().WithMany().HasForeignKey(f => f.CitizenId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureAdmin(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaffMember>(e =>
        {
            e.ToTable("Staff");
            e.Property(s => s.UserName).HasMaxLength(64);
            e.Property(s => s.DisplayName).HasMaxLength(200);
            e.Property(s => s.PasswordHash).HasMaxLength(500);
            e.Property(s => s.Departments).HasMaxLength(1000);
            e.Property(s => s.LinkCode).HasMaxLength(16);
            e.HasIndex(s => s.LinkCode);
            e.Property(s => s.DistrictIds).HasMaxLength(1000);
            e.Property(s => s.SecurityStamp).HasMaxLength(64).HasDefaultValue(""); // the column was added to a table with rows
            e.Ignore(s => s.DepartmentList);
            e.Ignore(s => s.DistrictList);
            e.HasIndex(s => s.UserName).IsUnique();
        });

        modelBuilder.Entity<StaffSession>(e =>
        {
            e.ToTable("StaffSessions");
            e.Property(s => s.Id).HasMaxLength(64);
            e.HasIndex(s => s.StaffId);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(s => s.StaffId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SignInThrottle>(e =>
        {
            e.ToTable("SignInThrottles");
            e.HasKey(t => new { t.UserName, t.Address });
            e.Property(t => t.UserName).HasMaxLength(64);
            e.Property(t => t.Address).HasMaxLength(64);
            e.HasIndex(t => t.LastFailureAt);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("Audit");
            e.Property(a => a.StaffName).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Detail).HasMaxLength(4000);
            e.Property(a => a.RemoteAddress).HasMaxLength(64);
            e.HasIndex(a => a.CreatedAt);
            e.HasIndex(a => a.TicketId);
        });

        modelBuilder.Entity<CannedReply>(e =>
        {
            e.ToTable("CannedReplies");
            e.Property(c => c.Title).HasMaxLength(100);
            e.Property(c => c.TextFa).HasMaxLength(4000);
            e.Property(c => c.TextEn).HasMaxLength(4000);
        });

        modelBuilder.Entity<Open311Key>(e =>
        {
            e.ToTable("Open311Keys");
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Owner).HasMaxLength(200);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.Prefix).HasMaxLength(16);
            e.Property(k => k.CreatedBy).HasMaxLength(64);
            e.HasIndex(k => k.Hash).IsUnique();
        });

        modelBuilder.Entity<SavedView>(e =>
        {
            e.ToTable("SavedViews");
            e.Property(v => v.Name).HasMaxLength(100);
            e.Property(v => v.Query).HasMaxLength(1000);
            e.HasIndex(v => v.OwnerId);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(v => v.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TicketRead>(e =>
        {
            e.ToTable("TicketReads");
            e.HasKey(r => new { r.StaffId, r.TicketId });
            e.HasIndex(r => r.TicketId);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(r => r.StaffId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Ticket>().WithMany().HasForeignKey(r => r.TicketId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<TextOverride>(e =>
        {
            e.ToTable("TextOverrides");
            e.HasKey(t => new { t.Key, t.Language });
            e.Property(t => t.Key).HasMaxLength(100);
            e.Property(t => t.Language).HasMaxLength(8);
            e.Property(t => t.Text).HasMaxLength(4000);
        });

        modelBuilder.Entity<LatestJobRun>(e =>
        {
            e.ToTable("JobRuns");
            e.HasKey(r => r.Job);
            e.Property(r => r.Job).HasMaxLength(200);
            e.Property(r => r.Outcome).HasMaxLength(1000);
            e.Property(r => r.LastError).HasMaxLength(1000);
            e.Property(r => r.Instance).HasMaxLength(200);
        });

        modelBuilder.Entity<SharedPromptOptions>(e =>
        {
            e.ToTable("SharedPromptOptions");
            e.HasKey(o => o.Key);
            e.Property(o => o.Key).HasMaxLength(64);
        });
    }

    internal sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}

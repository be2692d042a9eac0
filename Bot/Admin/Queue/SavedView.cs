namespace ChatIntake.Admin.Queue;

/// <summary>A queue filter a staff member named and kept: their own, or shared with everyone (supervisors and administrators share).</summary>
public sealed class SavedView
{
    public long Id { get; set; }
    public long OwnerId { get; set; }
    public required string Name { get; set; }

    /// <summary>The queue's query string without paging, e.g. <c>assignee=me&amp;open=true</c>.</summary>
    public required string Query { get; set; }
    public bool Shared { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A message waiting for the citizen to say which ticket it belongs to.</summary>
public sealed record PendingDetail(string? Text, IReadOnlyList<ActivityAttachment> Attachments)
{
    public static PendingDetail From(Activity activity) =>
        new(string.IsNullOrWhiteSpace(activity.Text) ? null : PersianText.Clean(activity.Text), activity.Attachments);
}

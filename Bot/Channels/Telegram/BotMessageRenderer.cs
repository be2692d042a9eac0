using System.Text;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Turns an outgoing activity into Bot API calls: text escaped for HTML (or sent as written where the messenger has
/// no formatting), split at 4096 characters, quick replies as a one-time reply keyboard with a "share my location"
/// button where asked, and attached buttons as an inline keyboard whose callback data is the choice's short value.
/// </summary>
public static class BotMessageRenderer
{
    public const int MaxTextLength = 4096;
    public const int MaxCallbackDataBytes = 64;
    public const int MaxCaptionLength = 1024;
    private const int ShortTitle = 16;

    /// <summary>The calls, in order; the keyboard rides on the last text.</summary>
    public static IReadOnlyList<object> Render(long chatId, Activity activity, string parseMode)
    {
        var html = parseMode == "HTML";
        var calls = new List<object>();
        foreach (var photo in activity.Attachments.Where(a => a.Kind == AttachmentKinds.Photo))
        {
            calls.Add(new SendPhotoRequest(chatId, photo.FileId));
        }

        // A document the channel makes when sending (a data copy) carries the message's words as its caption when they fit.
        var documents = activity.Attachments.Where(a => a.Kind == AttachmentKinds.Document).ToList();
        var caption = documents.Count > 0 && activity.SuggestedActions.Count == 0 && activity.Text is { Length: > 0 and <= MaxCaptionLength } words ? words : null;
        for (var i = 0; i < documents.Count; i++)
        {
            calls.Add(new SendDocumentRequest(chatId, documents[i].FileId, documents[i].Name, documents[i].ContentType, i == 0 ? caption : null));
        }

        var parts = caption is not null || string.IsNullOrWhiteSpace(activity.Text) ? [] : Split(activity.Text, MaxTextLength);
        var markup = Keyboard(activity.SuggestedActions);
        for (var i = 0; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1;
            calls.Add(new SendMessageRequest(chatId, html ? EscapeHtml(parts[i]) : parts[i], html ? "HTML" : null, last ? markup : null,
                html ? new LinkPreviewOptions() : null));
        }

        return calls;
    }

    /// <summary>Only &lt;, &gt; and &amp; need escaping in HTML mode; named entities beyond those four are refused by Telegram.</summary>
    public static string EscapeHtml(string text)
    {
        if (text.AsSpan().IndexOfAny('<', '>', '&') < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Pieces of at most <paramref name="limit"/> characters, cut at a line break or a space where there is one, never inside a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > limit)
        {
            var window = rest[..limit];
            var cut = window.LastIndexOf('\n');
            if (cut < limit / 2)
            {
                cut = window.LastIndexOf(' ');
            }

            if (cut < limit / 2)
            {
                cut = char.IsHighSurrogate(window[^1]) ? limit - 1 : limit;
            }

            parts.Add(rest[..cut].TrimEnd().ToString());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest.ToString());
        }

        return parts;
    }

    /// <summary>
    /// Attached buttons become an inline keyboard when every value fits callback data; otherwise (and for quick replies)
    /// a reply keyboard of titles, which the prompts recognise as well. A message without choices removes the last keyboard.
    /// </summary>
    public static object Keyboard(IReadOnlyList<SuggestedAction> actions)
    {
        if (actions.Count == 0)
        {
            return new ReplyKeyboardRemove();
        }

        if (actions.All(a => a.Kind == SuggestedActionKind.Button && Encoding.UTF8.GetByteCount(a.Value) is > 0 and <= MaxCallbackDataBytes))
        {
            return new InlineKeyboardMarkup(Rows(actions, a => new InlineKeyboardButton(a.Title, a.Value)));
        }

        return new ReplyKeyboardMarkup(Rows(actions, a => a.Kind == SuggestedActionKind.RequestLocation
            ? new KeyboardButton(a.Title, RequestLocation: true)
            : new KeyboardButton(a.Title)));
    }

    /// <summary>Two short buttons a row, long ones and the location button alone, so Persian titles are never cut off on a phone.</summary>
    private static List<IReadOnlyList<T>> Rows<T>(IReadOnlyList<SuggestedAction> actions, Func<SuggestedAction, T> button)
    {
        var rows = new List<IReadOnlyList<T>>();
        var pending = new List<T>();
        foreach (var action in actions)
        {
            var alone = action.Title.Length > ShortTitle || action.Kind == SuggestedActionKind.RequestLocation;
            if (alone || pending.Count == 2)
            {
                if (pending.Count > 0)
                {
                    rows.Add(pending);
                    pending = [];
                }
            }

            pending.Add(button(action));
            if (alone)
            {
                rows.Add(pending);
                pending = [];
            }
        }

        if (pending.Count > 0)
        {
            rows.Add(pending);
        }

        return rows;
    }
}

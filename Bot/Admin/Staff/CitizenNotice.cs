using System.Globalization;

namespace ChatIntake.Admin.Staff;

/// <summary>A message for a ticket's citizen, written in each recipient's own language; followers get it too when <see cref="ToFollowers"/>.</summary>
public sealed record CitizenNotice(Func<CultureInfo, string> Text, bool ToFollowers);

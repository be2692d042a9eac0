using ChatIntake.Admin.Texts;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;

namespace ChatIntake.Admin.Queue;

/// <summary>The workflow's refusal in the staff member's words: never a 500.</summary>
public static class RefusalText
{
    public static string Of(AdminText texts, TicketRefusedException refused) => refused.Reason switch
    {
        TicketRefusal.SameStatus => texts["error.sameStatus"],
        TicketRefusal.ReasonRequired => texts["error.reasonRequired"],
        TicketRefusal.AfterPhotoRequired => texts["error.afterPhotoRequired"],
        TicketRefusal.SignOffRequired => texts["error.signOffRequired"],
        TicketRefusal.NotAwaitingSignOff => texts["error.notAwaitingSignOff"],
        TicketRefusal.SignOffPending => texts["error.signOffPending"],
        TicketRefusal.CitizenErased => texts["error.citizenErased"],
        TicketRefusal.OutsideServiceArea => texts["error.placeOutside"],
        TicketRefusal.WrongState when refused.To == TicketStatus.Duplicate => texts["error.masterSelf"],
        TicketRefusal.WrongState => texts["error.referNothing"],
        _ => texts.Format("error.transition", texts.Status(refused.From), refused.To is { } to ? texts.Status(to) : "—"),
    };
}

/**
 * HubSpot's default sales pipeline: its stages, also matched by their internal ids (`appointmentscheduled`, the names
 * HubSpot's API and exports use; a record page shows the label only), and default deal probabilities, in order.
 * HubSpot ships no forecast category per stage, so each stage's category comes from its probability by the bands
 * Salesforce's defaults follow (forecastByProbability): 20-60% pipeline, 80% best case, 90% commit. Names match in
 * any letter case, so the sentence case HubSpot shows today ("Qualified to buy") finds the same stage.
 */
import type { PlaybookTemplate } from './index';
import {
  amountEntered,
  closeDateAhead,
  criterion,
  forecastByProbability,
  lostStage,
  nextStepSet,
  openStage,
  playbook,
  wonStage,
} from './build';

/** A new object each time: a template is plain data an editor may change in place. */
const closeDateInFuture = () =>
  closeDateAhead(
    'Close date is in the future',
    "A close date in the past hides a slipped deal. Move it to the buyer's real date and say why in the next step.",
  );

export const HUBSPOT_TEMPLATE: PlaybookTemplate = {
  id: 'hubspot',
  name: 'HubSpot default pipeline',
  summary:
    'The stages of HubSpot’s default sales pipeline, with HubSpot’s default deal probabilities and forecast categories set by probability.',
  sources: [
    'https://hublead.io/blog/hubspot-deal-stages',
    'https://knowledge.hubspot.com/object-settings/set-up-rules-for-deal-pipelines',
  ],
  playbook: playbook('HubSpot default pipeline', [
    openStage({
      id: 'appointment-scheduled',
      name: 'Appointment Scheduled',
      match: ['appointmentscheduled'],
      probability: 20,
      forecastCategory: forecastByProbability(20),
      guidance: 'Make sure the first meeting happens and is worth the buyer’s time: confirm it, and know why they agreed to talk.',
      criteria: [
        criterion(
          'meeting-confirmed',
          'Buyer confirmed the first meeting',
          'They accepted the invitation or confirmed by email; a meeting only we put in the calendar does not count.',
        ),
        criterion(
          'reason-to-talk',
          'Buyer’s reason for taking the meeting is known',
          'What made them say yes: a problem, a project, a deadline. Prepare the meeting around it.',
        ),
        criterion(
          'attendees-known',
          'Who attends from the buyer’s side is known',
          'Names and roles, so you can prepare for each of them.',
          { required: false },
        ),
        nextStepSet('Meeting and its date in Next step', 'Write the meeting and its date in Next step.'),
      ],
    }),
    openStage({
      id: 'qualified-to-buy',
      name: 'Qualified To Buy',
      match: ['qualifiedtobuy'],
      probability: 40,
      forecastCategory: forecastByProbability(40),
      guidance: 'Confirm the buyer has a problem we solve, a reason to act, a way to pay, and someone who decides.',
      criteria: [
        criterion(
          'problem-confirmed',
          'Buyer confirmed they have a problem we solve',
          'In their words, not ours. Write it down as they said it.',
        ),
        criterion(
          'budget-acknowledged',
          'Buyer said budget exists or can be found',
          'They do not need an approved budget yet, but a purchase of this size is possible.',
        ),
        criterion(
          'decision-maker-named',
          'Decision maker named by the buyer',
          'A name and a role. If your contact says "me", ask who else has to agree.',
        ),
        criterion('timeframe-known', 'Buyer’s time frame for a decision is known', 'When they want the problem solved, and why then.'),
        amountEntered('Amount entered', 'A rough number is fine now; it firms up with the quote.'),
      ],
    }),
    openStage({
      id: 'presentation-scheduled',
      name: 'Presentation Scheduled',
      match: ['presentationscheduled'],
      probability: 60,
      forecastCategory: forecastByProbability(60),
      guidance: 'Build the presentation or demo on what the buyer told you, and get the decision maker in the room.',
      criteria: [
        criterion(
          'presentation-booked',
          'Presentation or demo booked with the buyer',
          'A date the buyer accepted, with an agenda built on their problem.',
        ),
        criterion(
          'decision-maker-attends',
          'Decision maker attends the presentation',
          'If they cannot come, book a second, shorter session with them before moving on.',
        ),
        criterion(
          'success-criteria',
          'Buyer said what they need to see to move forward',
          'Agreed before the presentation, so both sides know what a good outcome is.',
        ),
        closeDateInFuture(),
      ],
    }),
    openStage({
      id: 'decision-maker-bought-in',
      name: 'Decision Maker Bought-In',
      match: ['decisionmakerboughtin'],
      probability: 80,
      forecastCategory: forecastByProbability(80),
      guidance: 'The decision maker wants the solution; now agree the path to a signed contract, with dates.',
      criteria: [
        criterion(
          'decision-maker-yes',
          'Decision maker said they want to go ahead',
          'In their own words, to us, not reported by someone else.',
        ),
        criterion('terms-discussed', 'Pricing and terms discussed with the buyer', 'No surprise on price when the contract arrives.'),
        criterion(
          'paper-process-known',
          'Buyer’s procurement, legal and security steps known',
          'Which reviews the contract needs, who runs them and how long they take.',
        ),
        amountEntered('Amount matches the agreed price', 'The forecast is built on this number.'),
      ],
    }),
    openStage({
      id: 'contract-sent',
      name: 'Contract Sent',
      match: ['contractsent'],
      probability: 90,
      forecastCategory: forecastByProbability(90),
      guidance: 'Make signing easy: know who signs, in which tool, and whether a purchase order comes first. Check in every few days.',
      criteria: [
        criterion(
          'contract-received',
          'Buyer confirmed they received the contract',
          'The contract is with the signer, not waiting in a queue on either side.',
        ),
        criterion('signer-known', 'Signer and expected signature date known', 'Who signs, and the day the buyer expects to.'),
        criterion(
          'purchase-order',
          'Purchase order requirement known',
          'If the buyer needs a purchase order before signing, you know its number or the date it will be issued.',
          { required: false },
        ),
        closeDateInFuture(),
      ],
    }),
    wonStage({
      id: 'closed-won',
      name: 'Closed Won',
      match: ['closedwon'],
      guidance: 'Thank the buyer, then hand the deal to onboarding with the problem, the success criteria and the people you met.',
      criteria: [
        criterion(
          'handover',
          'Handover to onboarding done',
          'Share the problem, success criteria and contacts so the customer does not have to repeat themselves.',
          { required: false },
        ),
      ],
    }),
    lostStage({
      id: 'closed-lost',
      name: 'Closed Lost',
      match: ['closedlost'],
      guidance: 'Record why the deal was lost, in the buyer’s words if you can, and ask whether a later conversation makes sense.',
      criteria: [
        criterion(
          'loss-reason',
          'Loss reason recorded',
          'Lost to whom or to what (including "no decision"), and why, as the buyer put it.',
        ),
      ],
    }),
  ]),
};

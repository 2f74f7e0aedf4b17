CREATE TABLE "school_absence_settings" (
	"school_id" uuid PRIMARY KEY NOT NULL,
	"portal_report_is_excuse" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_account_id" uuid
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD COLUMN "kind" text DEFAULT 'document' NOT NULL;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "channel" text DEFAULT 'portal' NOT NULL;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "caller_name" text;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "excuse_due_on" date;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "excuse_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "excuse_received_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "acknowledged_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "attest_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "attest_requested_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "attest_reason" text;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "attest_due_on" date;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "attest_received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "company_note" text;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "company_note_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "company_note_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "decision" text;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD COLUMN "closed_by_account_id" uuid;--> statement-breakpoint
ALTER TABLE "school_absence_settings" ADD CONSTRAINT "school_absence_settings_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_absence_settings" ADD CONSTRAINT "school_absence_settings_updated_by_account_id_accounts_id_fk" FOREIGN KEY ("updated_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_excuse_received_by_account_id_accounts_id_fk" FOREIGN KEY ("excuse_received_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_acknowledged_by_account_id_accounts_id_fk" FOREIGN KEY ("acknowledged_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_attest_requested_by_account_id_accounts_id_fk" FOREIGN KEY ("attest_requested_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_company_note_by_account_id_accounts_id_fk" FOREIGN KEY ("company_note_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_closed_by_account_id_accounts_id_fk" FOREIGN KEY ("closed_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sick_notes_school_first_day" ON "sick_notes" USING btree ("school_id","first_day");--> statement-breakpoint
CREATE INDEX "sick_notes_class_pending" ON "sick_notes" USING btree ("class_id") WHERE "sick_notes"."closed_at" IS NULL AND (("sick_notes"."excuse_due_on" IS NOT NULL AND "sick_notes"."excuse_received_at" IS NULL) OR ("sick_notes"."attest_due_on" IS NOT NULL AND "sick_notes"."attest_received_at" IS NULL));--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_caller_length" CHECK (char_length("sick_notes"."caller_name") <= 200);
CREATE TABLE "sick_notes" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"student_person_id" uuid NOT NULL,
	"school_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"first_day" date NOT NULL,
	"last_day" date,
	"lesson_from" integer,
	"lesson_to" integer,
	"note" text,
	"reported_by_account_id" uuid NOT NULL,
	"reported_as" text NOT NULL,
	"client_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sick_notes_days" CHECK ("sick_notes"."last_day" IS NULL OR "sick_notes"."last_day" >= "sick_notes"."first_day"),
	CONSTRAINT "sick_notes_lessons" CHECK (("sick_notes"."lesson_from" IS NULL AND "sick_notes"."lesson_to" IS NULL) OR ("sick_notes"."lesson_from" BETWEEN 1 AND 12 AND "sick_notes"."lesson_to" BETWEEN "sick_notes"."lesson_from" AND 12 AND "sick_notes"."last_day" = "sick_notes"."first_day")),
	CONSTRAINT "sick_notes_note_length" CHECK (char_length("sick_notes"."note") <= 500)
);
--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_student_person_id_people_id_fk" FOREIGN KEY ("student_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sick_notes" ADD CONSTRAINT "sick_notes_reported_by_account_id_accounts_id_fk" FOREIGN KEY ("reported_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sick_notes_client" ON "sick_notes" USING btree ("reported_by_account_id","client_id");--> statement-breakpoint
CREATE INDEX "sick_notes_class_first_day" ON "sick_notes" USING btree ("class_id","first_day");--> statement-breakpoint
CREATE INDEX "sick_notes_student" ON "sick_notes" USING btree ("student_person_id","first_day");
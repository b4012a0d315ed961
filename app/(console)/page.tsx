import { redirect } from "next/navigation";

/** `/` opens the workloads overview. */
export default function Home(): never {
  redirect("/workloads");
}

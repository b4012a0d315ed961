import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { resourceTypeForPlural } from "@/lib/contracts/resources";
import { ResourceDetail } from "@/components/resources/resource-detail";

interface Props {
  readonly params: Promise<{ resource: string; name: string }>;
  readonly searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: name };
}

/** /resources/{plural}/{name}?namespace= — one object as YAML with its resourceVersion. */
export default async function ResourceDetailPage({ params, searchParams }: Props) {
  const { resource, name } = await params;
  const query = await searchParams;
  const type = resourceTypeForPlural(resource);
  if (type === undefined) notFound();
  const namespace = typeof query.namespace === "string" && query.namespace !== "" ? query.namespace : undefined;
  return <ResourceDetail type={type} name={name} namespace={type.namespaced ? namespace : undefined} />;
}

// The home page is the campaign list.
import { redirect } from 'next/navigation';

export default function Home(): never {
  redirect('/campaigns');
}
